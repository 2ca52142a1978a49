#!/usr/bin/env bash
# Word-import benchmark (not a test): generates N .docx reports of about ten pages each
# (~7,000 Chinese characters, 一、/（一） headings, a table, footnotes, two PNG pictures of
# 640×480 with captions), then times one `showcase import report <folder>` of the whole
# batch into a fresh project (release build; includes loading and checking the content
# before and after).
# Usage: scripts/bench-import.sh [N]   (default: 100)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100}"
cargo build --release --quiet
bin="$PWD/target/release/showcase"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$bin" init "$work/proj" >/dev/null
python3 - "$n" "$work/docx" <<'PY'
import random, struct, sys, zlib, zipfile, os

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
rnd = random.Random(7)
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
     'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHARS = "街道社区治理服务群众居民工作机制建设管理发展问题措施调研情况分析建议推进落实加强完善提升基层党建网格"

def png(w, h, seed):
    r = random.Random(seed)
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            row += bytes(((x + seed) % 256, (y * 2) % 256, (x ^ y) % 256 if r.random() < 0.9 else r.randrange(256)))
        rows.append(bytes(row))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b""))

PICS = [png(640, 480, s) for s in (1, 2)]

def t(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")

def p(text, ppr="", rpr=""):
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{t(text)}</w:t></w:r></w:p>'

def sentence():
    return "".join(rnd.choice(CHARS) for _ in range(rnd.randint(20, 40))) + "。"

def pic(rid, k):
    return (f'<w:p><w:r><w:drawing><wp:inline><wp:extent cx="4000000" cy="3000000"/><wp:docPr id="{k}" name="图片 {k}"/>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')

cn = "一二三四五六"
for i in range(n):
    title = "关于" + "".join(rnd.choice(CHARS) for _ in range(8)) + f"的调研（{i + 1}）"
    body = [p(title, '<w:jc w:val="center"/>', '<w:sz w:val="44"/>'),
            p("青干班第一组　张明　李华", '<w:jc w:val="center"/>'),
            p("【摘要】" + sentence() * 3), p("【关键词】基层治理；网格化；服务")]
    notes = []
    for s in range(6):
        body.append(p(f"{cn[s]}、第{s + 1}部分", "", "<w:b/>"))
        for sub in range(2):
            body.append(p(f"（{cn[sub]}）小标题{sub + 1}", "", "<w:b/>"))
            for _ in range(3):
                para = "　　" + "".join(sentence() for _ in range(6))
                body.append(p(para))
        if s == 1:
            body.append(pic("rIdP1", 1)); body.append(p("图1　示意图一"))
        if s == 3:
            body.append(pic("rIdP2", 2)); body.append(p("图2　示意图二"))
        if s == 2:
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{p(str(rnd.randint(1, 99)))}</w:tc>" for _ in range(4)) + "</w:tr>" for _ in range(8))
            body.append(f"<w:tbl><w:tblGrid>{'<w:gridCol/>' * 4}</w:tblGrid>{rows}</w:tbl>")
        k = len(notes) + 1
        body.append(f'<w:p><w:r><w:t>见注释</w:t></w:r><w:r><w:footnoteReference w:id="{k}"/></w:r></w:p>')
        notes.append(f'<w:footnote w:id="{k}">{p("注释：" + sentence())}</w:footnote>')
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{"".join(body)}</w:body></w:document>'
    foot = f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>{"".join(notes)}</w:footnotes>'
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdP1" Type="{REL}/image" Target="media/image1.png"/>'
            f'<Relationship Id="rIdP2" Type="{REL}/image" Target="media/image2.png"/>'
            f'<Relationship Id="rIdF" Type="{REL}/footnotes" Target="footnotes.xml"/></Relationships>')
    root = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(f"{out}/report-{i:03d}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", root)
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr("word/footnotes.xml", foot)
        z.writestr("word/media/image1.png", PICS[0])
        z.writestr("word/media/image2.png", PICS[1])
PY
chars=$(python3 -c "import zipfile,re,sys;d=zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode();print(len(''.join(re.findall(r'<w:t[^>]*>([^<]*)</w:t>',d))))" "$work/docx/report-000.docx")
size=$(du -sh "$work/docx" | cut -f1)
/usr/bin/time -f '%e %M' -o "$work/time" "$bin" import report "$work/docx" --group qg-1 \
  --content "$work/proj/content" >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
read -r secs kib <"$work/time"
md=$(grep -l 'showcase import report' "$work"/proj/content/cohorts/*/reports/*.md | wc -l)
img=$(ls "$work"/proj/content/cohorts/*/images/ | wc -l)
echo "N=$n documents ($size of .docx, ~$chars characters each) → $md Markdown files, $img pictures"
awk -v s="$secs" -v k="$kib" -v n="$n" 'BEGIN { printf "import report: %.2fs (%.1f ms/document), peak %.0f MiB\n", s, s * 1000 / n, k / 1024 }'

#!/usr/bin/env bash
# Builds a self-contained folder for an office PC (Linux, x86_64): the showcase binary,
# typst beside it, the fonts the booklet needs (typst reads the fonts/ folder beside the
# binary, so nothing has to be installed system-wide), the sample content as a starting
# project and double-clickable start scripts. Output: dist/showcase-<version>-linux/ and a
# .tar.gz of it. Windows: see "Windows" in docs/guide/README.md (the same layout with
# showcase.exe and typst.exe, built on a Windows machine; this machine cannot build them).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

version="$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)"
name="showcase-${version}-linux"
dist="dist/$name"
rm -rf "$dist"
mkdir -p "$dist/fonts" "$dist/项目"

cargo build --profile dist --quiet
cp "${CARGO_TARGET_DIR:-target}/dist/showcase" "$dist/"
cp "$(command -v typst)" "$dist/"

# Body fonts (思源宋体/黑体, 霞鹜文楷) and the glyph fallbacks (symbols, math, emoji, rare CJK).
for f in /usr/share/fonts/opentype/noto/NotoSerifCJK-{Regular,Bold}.ttc \
         /usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc \
         /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-{Regular,Bold}.ttf \
         /usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf \
         /usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf \
         /usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf \
         /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf \
         /usr/share/fonts/truetype/hanazono/HanaMin{A,B}.ttf; do
  if [[ -f "$f" ]]; then cp "$f" "$dist/fonts/"; else echo "package: missing font $f" >&2; exit 1; fi
done

# A starting project: the sample content (replace it with the office's own).
cp -r content "$dist/项目/content"

cat > "$dist/预览.sh" <<'EOF'
#!/bin/sh
# Double-click (or run in a terminal): live preview of the project, opened in the browser.
cd "$(dirname "$0")/项目" && exec ../showcase serve --open
EOF
cat > "$dist/生成网站和印刷册.sh" <<'EOF'
#!/bin/sh
# Double-click (or run in a terminal): builds the site, the internal site and the booklets.
cd "$(dirname "$0")/项目" && ../showcase build --internal
printf '\n按回车键关闭窗口…'; read -r _
EOF
cat > "$dist/检查资料.sh" <<'EOF'
#!/bin/sh
cd "$(dirname "$0")/项目" && ../showcase check
printf '\n按回车键关闭窗口…'; read -r _
EOF
chmod +x "$dist"/*.sh "$dist/showcase" "$dist/typst"
cp docs/guide/README.md "$dist/使用指南.md"

tar -C dist -czf "dist/$name.tar.gz" "$name"
echo "package: $dist ($(du -sh "$dist" | cut -f1)) and dist/$name.tar.gz"

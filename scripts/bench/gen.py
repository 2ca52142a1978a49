#!/usr/bin/env python3
"""Generates a realistic benchmark content tree: one cohort with N research reports of about
7.6 KB of Chinese Markdown each (headings, tables, footnotes, numbers), spread over 100
groups with 5 members and 12 activity records each. Deterministic (fixed seed).

The prose is drawn from a real vocabulary: the 30,000 most frequent words of jieba's
dictionary (words.txt, with their corpus frequencies), plus the programme's own domain words,
so the text has the bigram diversity of real reports (~1,700 distinct character bigrams per
report, ~90,000 in 10,000 reports). The old generator repeated one paragraph (651 distinct
bigrams in 10,000 reports) and hid the search index's real cost.

Usage: gen.py N OUT [--activities TOTAL]   (TOTAL activity records instead of 12 per group)
Prints one line: reports, groups, activities, Markdown bytes and distinct bigrams."""
import itertools, os, random, sys

args = sys.argv[1:]
activities_total = None
if "--activities" in args:
    i = args.index("--activities")
    activities_total = int(args[i + 1])
    del args[i : i + 2]
n = int(args[0])
out = args[1]
rnd = random.Random(42)
groups = 100 if n >= 100 else max(1, n // 10)
members_per_group = 5
here = os.path.dirname(os.path.abspath(__file__))

vocab, weights = [], []
with open(os.path.join(here, "words.txt"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        w, freq = line.split()
        vocab.append(w)
        # Flattened frequencies: a report's words are less skewed than a whole corpus's.
        weights.append(int(freq) ** 0.5)
        if len(vocab) == 8000:
            break
cum = list(itertools.accumulate(weights))
V = len(vocab)
# Real prose is not a bag of words: a word is followed by a few likely words. Each word gets
# four successors (drawn by frequency) and the text walks that chain, jumping to a random word
# now and then. Tuned so a report has ~1,700 distinct bigrams and 10,000 reports ~90,000 —
# close to the held-out corpus the issue measured (2,400 and 81,000).
successors = [rnd.choices(range(V), cum_weights=cum, k=4) for _ in range(V)]
chain = [rnd.choices(range(V), cum_weights=cum)[0]]


def next_word():
    cur = chain[0]
    if rnd.random() < 0.995:
        chain[0] = rnd.choice(successors[cur])
    else:
        chain[0] = rnd.choices(range(V), cum_weights=cum)[0]
    return vocab[cur]


domain = ["违建治理", "老旧小区", "居家养老", "网格化管理", "征收安置", "信访化解", "楼宇经济",
          "非公党建", "垃圾分类", "社区服务", "基层治理", "群众工作", "调查研究", "志愿服务",
          "应急处置", "便民服务", "物业管理", "营商环境", "城市更新", "矛盾纠纷", "社会组织",
          "党建引领", "民生实事", "安全生产", "文明创建", "数字治理", "一老一小", "就业帮扶"]
connectives = ["同时", "此外", "因此", "但是", "其中", "一方面", "另一方面", "总体来看", "具体而言",
               "从调研情况看", "据统计", "经过走访", "针对这一问题", "实践表明"]


def words(k):
    return [next_word() for _ in range(k)]


def clause():
    ws = words(rnd.randint(3, 9))
    r = rnd.random()
    if r < 0.15:
        ws.insert(rnd.randrange(len(ws) + 1), rnd.choice(domain))
    elif r < 0.22:
        ws.insert(rnd.randrange(len(ws) + 1), f"{rnd.randint(2, 98)}%")
    elif r < 0.28:
        ws.insert(rnd.randrange(len(ws) + 1), f"{rnd.randint(3, 3000)}个")
    return "".join(ws)


def sentence():
    parts = [clause() for _ in range(rnd.randint(1, 4))]
    if rnd.random() < 0.2:
        parts[0] = rnd.choice(connectives) + "，" + parts[0]
    seps = ["，"] * 6 + ["；", "、"]
    s = parts[0]
    for p in parts[1:]:
        s += rnd.choice(seps) + p
    return s + rnd.choice("。。。。。！？")


def paragraph():
    return "".join(sentence() for _ in range(rnd.randint(2, 6)))


surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌波宇浩凯健俊帆帅旭宁龙林欣佳琳雪梅"

os.makedirs(f"{out}/cohorts/2017/reports", exist_ok=True)
os.makedirs(f"{out}/cohorts/2017/activities", exist_ok=True)
with open(f"{out}/site.yaml", "w") as f:
    f.write("title: 基准测试\nissuer: 基准测试街道组织科\n")
with open(f"{out}/cohorts/2017/cohort.yaml", "w") as f:
    f.write("year: 2017\ntitle: 基准测试届\nperiod:\n  start: 2017-01-01\n  end: 2017-12-31\nstatus: active\n"
            "programmes:\n  - id: daoshi\n    name: 导师班\npoints:\n  pass_mark: 60\n")
names = []
used = set()
with open(f"{out}/cohorts/2017/groups.yaml", "w") as g, open(f"{out}/cohorts/2017/members.yaml", "w") as m:
    g.write("groups:\n")
    m.write("members:\n")
    for gi in range(groups):
        g.write(f"  - id: g{gi}\n    name: 第{gi + 1}组\n    programme: daoshi\n    mentor:\n      name: 导师{gi + 1}\n")
        for k in range(members_per_group):
            while True:
                name = rnd.choice(surnames) + rnd.choice(given) + rnd.choice(given)
                if name not in used:
                    used.add(name)
                    break
            names.append((gi, name))
            m.write(f"  - id: p{gi * members_per_group + k}\n    name: {name}\n    department: 部门{k}\n"
                    f"    rank: 中层副职\n    programme: daoshi\n    group: g{gi}\n")
by_group = {}
for gi, name in names:
    by_group.setdefault(gi, []).append(name)
per_group = 12 if activities_total is None else max(1, activities_total // groups)
kinds = ["学习", "调研", "实践", "培训", "集体活动"]
activities = 0
for gi in range(groups):
    with open(f"{out}/cohorts/2017/activities/g{gi}.yaml", "w") as f:
        f.write(f"group: g{gi}\nactivities:\n")
        ps = ", ".join(by_group[gi])
        for a in range(per_group):
            f.write(f"  - date: 2017-{a % 12 + 1:02d}-{a // 12 % 28 + 1:02d}\n    title: {clause()[:20]}\n"
                    f"    kind: {kinds[a % len(kinds)]}\n    participants: [{ps}]\n")
            activities += 1

numerals = "一二三四五六七八九十"
md_bytes = 0
overall = set()
per_report = 0
for i in range(n):
    gi = i % groups
    authors = ", ".join(by_group[gi][:2])
    topic = rnd.choice(domain)
    body = []
    size = 0
    k = 0
    while size < 6900:
        if k % 5 == 0:
            body.append(f"## {numerals[(k // 5) % 10]}、{clause()[:14]}\n")
        p = paragraph()
        if k % 6 == 5:
            p += f"[^{k}]\n\n[^{k}]: 数据来源：{clause()}。"
        if k % 9 == 8:
            rows = "".join(f"| {words(1)[0]} | {rnd.randint(1, 900)} | {rnd.randint(1, 99)}% |\n" for _ in range(4))
            p = "| 项目 | 数量 | 占比 |\n|:--|--:|--:|\n" + rows + "\n" + p
        body.append(p + "\n")
        size += len(p.encode())
        k += 1
    text = "\n".join(body)
    seen = set()
    for run in text.replace("\n", "。").split("。"):
        for a, b in zip(run, run[1:]):
            if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff":
                seen.add(a + b)
    per_report += len(seen)
    overall |= seen
    doc = (f"---\ntitle: 关于{topic}中{clause()[:10]}的调研报告（第{i + 1}篇）\nauthors: [{authors}]\n"
           f"group: g{gi}\ndate: 2017-12-{i % 28 + 1:02d}\n"
           f"abstract: 本文围绕{topic}开展调研，{clause()}。\nkeywords: [{topic}, 调研]\n---\n\n{text}")
    data = doc.encode()
    md_bytes += len(data)
    with open(f"{out}/cohorts/2017/reports/r{i:05d}.md", "wb") as f:
        f.write(data)
print(f"reports={n} groups={groups} activities={activities} markdown_bytes={md_bytes} "
      f"bigrams_per_report={per_report // max(1, n)} bigrams_overall={len(overall)}")

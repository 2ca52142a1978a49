#!/usr/bin/env python3
"""Generates a synthetic content tree for benchmarking: one cohort with N reports of about
7 KB of Chinese Markdown each, spread over groups, plus activity records. Deterministic."""
import os, random, sys

n = int(sys.argv[1])
out = sys.argv[2]
rnd = random.Random(42)
groups = max(9, n // 100)
members_per_group = 5
words = ["违建治理", "老旧小区", "居家养老", "网格化管理", "征收安置", "信访化解", "楼宇经济", "非公党建",
         "垃圾分类", "社区服务", "基层治理", "群众工作", "调查研究", "志愿服务", "应急处置", "便民服务"]
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
            pid = f"p{gi * members_per_group + k}"
            names.append((gi, name))
            m.write(f"  - id: {pid}\n    name: {name}\n    department: 部门{k}\n    rank: 中层副职\n    programme: daoshi\n    group: g{gi}\n")
by_group = {}
for gi, name in names:
    by_group.setdefault(gi, []).append(name)
for gi in range(groups):
    with open(f"{out}/cohorts/2017/activities/g{gi}.yaml", "w") as f:
        f.write(f"group: g{gi}\nactivities:\n")
        for a in range(12):
            ps = ", ".join(by_group[gi])
            f.write(f"  - date: 2017-{a % 12 + 1:02d}-{rnd.randint(1, 28):02d}\n    title: 第{a + 1}次小组活动\n    kind: 学习\n    participants: [{ps}]\n")

para = ("近年来，街道围绕{w}工作持续发力，通过走访调研、座谈交流和数据分析，梳理出当前工作中存在的突出问题。"
        "一是基础台账不够完整，部分社区对{w2}情况掌握不全；二是部门之间协同不足，信息共享机制尚未建立；"
        "三是群众参与渠道较少，宣传发动的针对性有待加强。针对上述问题，我们提出以下建议：")
for i in range(n):
    gi = i % groups
    authors = ", ".join(by_group[gi][:2])
    w = rnd.choice(words)
    body = [f"## 一、基本情况\n"]
    size = 0
    k = 0
    while size < 7000:
        p = para.format(w=rnd.choice(words), w2=rnd.choice(words))
        if k % 6 == 5:
            p += f"[^{k}]\n\n[^{k}]: 数据来源：街道台账第{k}号。"
        if k % 9 == 8:
            p = "| 项目 | 数量 | 占比 |\n|:--|--:|--:|\n| 社区 | 9 | 100% |\n| 网格 | 68 | 75% |\n\n" + p
        if k % 7 == 3:
            body.append(f"\n## {'二三四五六七八九十'[k % 9]}、分析与建议\n")
        body.append(p + "\n")
        size += len(p.encode())
        k += 1
    with open(f"{out}/cohorts/2017/reports/r{i:05d}.md", "w") as f:
        f.write(f"---\ntitle: 关于{w}的调研报告（第{i + 1}篇）\nauthors: [{authors}]\ngroup: g{gi}\ndate: 2017-12-{i % 28 + 1:02d}\n"
                f"abstract: 本文围绕{w}开展调研，分析问题并提出建议。\nkeywords: [{w}, 调研]\n---\n\n" + "\n".join(body))
print(f"generated {n} reports, {groups} groups, {len(names)} members in {out}")

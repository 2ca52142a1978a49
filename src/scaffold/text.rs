//! The text of every generated file. Each field carries a short Chinese comment, aligned in
//! one column, so the office can fill the files in without the format document at hand.
//! Values that come from users or from existing content are written with
//! [`scalar`], which quotes them whenever YAML would misread them.

use crate::model::PointsRules;
use crate::text::display_width;
use crate::yaml_write::scalar;
use chrono::NaiveDate;

/// Column (in display cells) where the comments start.
const COMMENT_COLUMN: usize = 40;

/// One line: `text`, padded to the comment column, then `# comment`.
pub fn line(text: &str, comment: &str) -> String {
    let pad = COMMENT_COLUMN.saturating_sub(display_width(text)).max(1);
    format!("{text}{}# {comment}\n", " ".repeat(pad))
}

/// A programme as written in cohort.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeSpec {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// A group as written in groups.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpec {
    pub id: String,
    pub name: String,
    pub programme: String,
    pub line: Option<String>,
    /// (name, title)
    pub mentor: Option<(String, Option<String>)>,
}

/// A member as written in members.yaml (the skeleton's three examples).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub gender: &'static str,
    pub department: &'static str,
    pub position: Option<&'static str>,
    pub rank: &'static str,
}

/// The programme every new content folder starts with.
pub fn default_programmes() -> Vec<ProgrammeSpec> {
    vec![ProgrammeSpec {
        id: "qinggan".into(),
        name: "青干班".into(),
        description: Some("面向一般工作人员的基础能力培训。".into()),
    }]
}

/// site.yaml's fields with their defaults and comments.
const SITE_FIELDS: [(&str, &str); 19] = [
    (
        "title: 某某街道青年干部培养成果展示",
        "网站标题（必填），请把“某某街道”改为本单位",
    ),
    (
        "issuer: 中共某某街道工作委员会组织科",
        "编印单位（必填），印在印刷册封面",
    ),
    ("base_url: /", "网站放在子路径时写 /showcase/（可省略）"),
    ("honour_roll:", "表彰名单排版（整段可省略，以下为默认值）"),
    (
        "  collation: stroke",
        "stroke 姓氏笔画 | stroke-codepoint 笔画数后按码位 | pinyin 拼音",
    ),
    (
        "  single_given_name: blank-first",
        "blank-first 单名在前（高峰 在 高晓峰 前）| by-character 逐字比较",
    ),
    (
        "  show_department: false",
        "名字后加部门：true 加 | false 不加",
    ),
    (
        "  show_gender: false",
        "女同志名字后加“（女）”：true 加 | false 不加",
    ),
    (
        "print:",
        "印刷设置（整段可省略，以下为默认值；各届可在 cohort.yaml 中另设）",
    ),
    (
        "  paper: 16k",
        "纸张：a4 | a5 | 16k（185×260）| 16k-large（210×285）",
    ),
    ("  margin_inside: 25mm", "订口（装订一侧的页边距）"),
    ("  margin_outside: 20mm", "切口（外侧的页边距）"),
    ("  body_size: 10.5pt", "正文字号：10.5pt 五号 或 12pt 小四"),
    (
        "  bleed: 0mm",
        "出血，按印刷厂要求填写，如 3mm（同时绘制裁切线）",
    ),
    (
        "  # pdf_standard: a-2b",
        "PDF 标准（可省略）：印刷厂要求 PDF/A 时去掉行首的“#”",
    ),
    (
        "  paper_thickness: 0.1mm",
        "内文纸每张（两页）的厚度，用于算书脊宽度；80 克胶版纸约 0.1mm",
    ),
    (
        "  pages_multiple_of: 4",
        "给印刷厂的内文补空白页到此倍数：骑马钉 4，胶装 16 或 32",
    ),
    (
        "  # cover_image: images/cover.jpg",
        "封面图片（可省略），相对于内容文件夹，需 300dpi 以上",
    ),
    (
        "  # cover_color: \"#7a1616\"",
        "封面底色（可省略），井号加六位十六进制数，须加引号",
    ),
];

pub fn site_yaml() -> String {
    let mut s = String::new();
    s += "# 网站与印刷总设置（由 showcase init 生成）\n";
    s +=
        "# “#”之后是说明文字，可以保留也可以删去。冒号后要有一个空格；缩进只用空格，不要用 Tab。\n";
    for (text, comment) in SITE_FIELDS {
        s += &line(text, comment);
    }
    s
}

/// cohort.yaml. `source` names the cohort the programmes were copied from, if any.
pub fn cohort_yaml(
    year: i32,
    start: NaiveDate,
    end: NaiveDate,
    programmes: &[ProgrammeSpec],
    points: &PointsRules,
    source: Option<i32>,
) -> String {
    let mut s = format!("# {year} 届基本信息、培养班次和积分规则\n");
    if let Some(y) = source {
        s += &format!("# 班次沿用 {y} 届，请按本届实际增删。\n");
    }
    s += &line(&format!("year: {year}"), "年份（必填），须与文件夹名一致");
    s += &line(
        &format!("title: {year}年度青年干部培养成果汇编"),
        "标题（必填），印在印刷册封面",
    );
    s += &line("period:", "培养期（必填），活动日期须在其中");
    s += &line(&format!("  start: {start}"), "开始日期");
    s += &line(&format!("  end: {end}"), "结束日期");
    s += &line("status: active", "active 进行中 | archived 已归档");
    s += &line("programmes:", "本届开设的班次（必填，至少一个）");
    for (i, p) in programmes.iter().enumerate() {
        if i == 0 {
            s += &line(
                &format!("  - id: {}", scalar(&p.id)),
                "班次编号：小写英文字母、数字和连字符",
            );
            s += &line(&format!("    name: {}", scalar(&p.name)), "班次名称");
        } else {
            s += &format!("  - id: {}\n", scalar(&p.id));
            s += &format!("    name: {}\n", scalar(&p.name));
        }
        if let Some(d) = &p.description {
            if i == 0 {
                s += &line(&format!("    description: {}", scalar(d)), "简介（可省略）");
            } else {
                s += &format!("    description: {}\n", scalar(d));
            }
        }
    }
    if !programmes.iter().any(|p| p.id == "daoshi") {
        s += "  # 另开导师班时，去掉以下三行行首的“#”：\n";
        s += "  # - id: daoshi\n";
        s += "  #   name: 导师班\n";
        s += "  #   description: 班子成员带组，培养中层副职。\n";
    }
    s += &line("points:", "积分规则；整段删去 = 本届不实行积分制");
    s += &line(
        &format!("  attend: {}", points.attend),
        "参加一次学习、培训或活动",
    );
    s += &line(
        &format!("  submission: {}", points.submission),
        "完成一篇作业、调研文章",
    );
    s += &line(
        &format!("  organise: {}", points.organise),
        "组织并亲自参加一次达到人数的集体活动，另加",
    );
    s += &line(
        &format!(
            "  organise_min_headcount: {}",
            points.organise_min_headcount
        ),
        "上一条要求的最少人数",
    );
    s += &line(
        &format!("  contribution: {}", points.contribution),
        "在活动中有其他突出贡献，另加",
    );
    s += &line(
        &format!("  practice_team: {}", points.practice_team),
        "参加重点工作实践小组并完成工作",
    );
    s += &line(&format!("  pass_mark: {}", points.pass_mark), "年终合格分");
    s += &line(
        &format!("  hold_years: {}", points.hold_years),
        "不合格者此后几年内不考虑提拔",
    );
    s += "# print:                               # 只对本届另设印刷设置时使用，写法同 site.yaml\n";
    s += "#   paper: a4\n";
    s
}

/// groups.yaml. With no groups: an empty list and a commented example.
pub fn groups_yaml(year: i32, groups: &[GroupSpec], source: Option<i32>) -> String {
    let mut s = format!("# {year} 届小组（导师组）\n");
    if let Some(y) = source {
        s += &format!("# 由 {y} 届复制（含导师），请按本届实际修改；小组编号会出现在网址中。\n");
    }
    if groups.is_empty() {
        s += "# 还没有小组。添加时把下一行的 [] 删去，再按后面的例子逐个列出（去掉行首的“#”）。\n";
        s += "groups: []\n";
        s += &line(
            "#  - id: qg-1",
            "小组编号（必填）：小写英文字母、数字和连字符，本届内唯一",
        );
        s += &line("#    name: 青干班第一组", "小组名称（必填）");
        s += &line(
            "#    programme: qinggan",
            "所属班次（必填）：cohort.yaml 中的班次编号",
        );
        s += &line("#    line: 城市管理", "条线（可省略）");
        s += &line("#    mentor:", "导师（青干班小组可省略）");
        s += &line("#      name: 某某某", "导师姓名");
        s += &line("#      title: 办事处副主任", "导师职务");
        return s;
    }
    s += "groups:\n";
    for (i, g) in groups.iter().enumerate() {
        let first = i == 0;
        let mut field = |text: String, comment: &str| {
            if first {
                s += &line(&text, comment);
            } else {
                s += &text;
                s.push('\n');
            }
        };
        field(
            format!("  - id: {}", scalar(&g.id)),
            "小组编号（必填）：小写英文字母、数字和连字符，本届内唯一",
        );
        field(format!("    name: {}", scalar(&g.name)), "小组名称（必填）");
        field(
            format!("    programme: {}", scalar(&g.programme)),
            "所属班次（必填）：cohort.yaml 中的班次编号",
        );
        if let Some(l) = &g.line {
            field(format!("    line: {}", scalar(l)), "条线（可省略）");
        }
        match &g.mentor {
            Some((name, title)) => {
                field("    mentor:".into(), "导师（青干班小组可省略）");
                field(format!("      name: {}", scalar(name)), "导师姓名");
                if let Some(t) = title {
                    field(format!("      title: {}", scalar(t)), "导师职务（可省略）");
                }
            }
            None if first => {
                s += &line("    # mentor:", "导师（青干班小组可省略），写法：");
                s += "    #   name: 某某某\n";
                s += "    #   title: 办事处副主任\n";
            }
            None => {}
        }
    }
    s
}

/// The commented example under an empty roster.
fn member_comment_example() -> String {
    let mut s = String::new();
    for (text, comment) in [
        ("#  - id: p001", "人员编号（必填）：同一人历届保持不变"),
        (
            "#    name: 张明",
            "姓名（必填）；同届重名时，活动记录中改写人员编号",
        ),
        ("#    gender: 男", "男 | 女（可省略）"),
        ("#    department: 党政办公室", "部门（必填）"),
        ("#    position: 科员", "职务（可省略）"),
        (
            "#    rank: 一般工作人员",
            "职级（必填）：一般工作人员 | 中层副职 | 中层正职",
        ),
        (
            "#    programme: qinggan",
            "班次编号（必填），见 cohort.yaml",
        ),
        ("#    group: qg-1", "小组编号（可省略），见 groups.yaml"),
        (
            "#    consent: true",
            "是否同意在网站公开姓名（可省略，默认 true）",
        ),
        (
            "#    personal:",
            "个人信息，只进内部版，绝不公开（整段可省略）",
        ),
        ("#      birth_date: 1990-01-01", "出生日期"),
        ("#      phone: \"13800000000\"", "电话，用引号括起来"),
        ("#      political_status: 中共党员", "政治面貌"),
    ] {
        s += &line(text, comment);
    }
    s
}

/// members.yaml: the given members (all in `programme`/`group`), or an empty roster with a
/// commented example.
pub fn members_yaml(year: i32, members: &[MemberSpec], programme: &str, group: &str) -> String {
    let mut s = format!("# {year} 届学员名册\n");
    if members.is_empty() {
        s += "# 还没有学员。添加时把下一行的 [] 删去，再按下面的例子逐人列出（去掉行首的“#”）。\n";
        s += "members: []\n";
        s += &member_comment_example();
        return s;
    }
    s += "members:\n";
    for (i, m) in members.iter().enumerate() {
        let first = i == 0;
        let mut field = |text: String, comment: &str| {
            if first {
                s += &line(&text, comment);
            } else {
                s += &text;
                s.push('\n');
            }
        };
        field(
            format!("  - id: {}", m.id),
            "人员编号（必填）：同一人历届保持不变",
        );
        field(
            format!("    name: {}", m.name),
            "姓名（必填）；同届重名时，活动记录中改写人员编号",
        );
        field(format!("    gender: {}", m.gender), "男 | 女（可省略）");
        field(format!("    department: {}", m.department), "部门（必填）");
        if let Some(p) = m.position {
            field(format!("    position: {p}"), "职务（可省略）");
        }
        field(
            format!("    rank: {}", m.rank),
            "职级（必填）：一般工作人员 | 中层副职 | 中层正职",
        );
        field(
            format!("    programme: {programme}"),
            "班次编号（必填），见 cohort.yaml",
        );
        field(
            format!("    group: {group}"),
            "小组编号（可省略），见 groups.yaml",
        );
        if first {
            s += &line(
                "    consent: true",
                "是否同意在网站公开姓名（可省略，默认 true）",
            );
            s += &line(
                "    # personal:",
                "个人信息，只进内部版，绝不公开（整段可省略），写法：",
            );
            s += "    #   birth_date: 1990-01-01\n";
            s += "    #   phone: \"13800000000\"\n";
            s += "    #   political_status: 中共党员\n";
        }
    }
    s
}

/// The skeleton's activity file: one complete, filled-in activity of `group`.
pub fn example_activity_file(group: &str, date: NaiveDate, names: &[&str]) -> String {
    let mut s = String::from("# 小组活动记录：一次活动一条，按日期先后排列\n");
    s += &line(
        &format!("group: {group}"),
        "归属小组编号（全班活动的文件改写 programme: 班次编号）",
    );
    s += "activities:\n";
    let organiser = names.first().copied().unwrap_or_default();
    s += &line(
        &format!("  - date: {date}"),
        "活动日期（必填），须在培养期内",
    );
    s += &line("    title: 小组第一次集中学习", "活动名称（必填）");
    s += &line(
        "    kind: 学习",
        "活动类型（必填）：学习 | 培训 | 实践 | 调研 | 集体活动 | 其他",
    );
    s += &line(
        &format!("    organiser: {organiser}"),
        "组织者（可省略）；须同时列为参加人才加组织分",
    );
    s += &line(
        &format!("    headcount: {}", names.len()),
        "实到总人数，含非学员（可省略），不得少于参加学员数",
    );
    s += &line(
        &format!("    participants: [{}]", names.join(", ")),
        "参加的学员（必填）；全组参加可写 全体",
    );
    s += &line("    absent: []", "缺席者，仅当 participants 写 全体 时使用");
    s += &line("    contributions:", "突出贡献（可省略），每条加分");
    s += &line(&format!("      - member: {organiser}"), "贡献人");
    s += &line("        note: 整理学习资料", "贡献内容");
    s += &line(
        "    submissions: []",
        "当场布置并完成的作业（可省略），写法同上，note 换成 title",
    );
    s += &line(
        "    summary: 学习年度培养计划，商定每月活动安排。",
        "一句话简介（可省略）",
    );
    s
}

/// The template activity that `showcase new activity` appends: valid as it stands, and
/// easy to spot (`待填写`). Lines end with `nl`; the dash is indented by `indent` spaces.
pub fn activity_template(
    indent: usize,
    nl: &str,
    date: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
    created: NaiveDate,
) -> String {
    let d = " ".repeat(indent);
    let p = " ".repeat(indent + 2);
    let mut s = String::new();
    s += &format!(
        "{d}# ↓ showcase new activity 于 {created} 添加的活动模板：请逐项填写，“待填写”处改为实际内容\n"
    );
    s += &line(
        &format!("{d}- date: {date}"),
        &format!("活动日期（必填），须在培养期 {start} 至 {end} 内"),
    );
    s += &line(&format!("{p}title: 待填写：活动名称"), "活动名称（必填）");
    s += &line(
        &format!("{p}kind: 其他"),
        "活动类型（必填）：学习 | 培训 | 实践 | 调研 | 集体活动 | 其他",
    );
    s += &line(
        &format!("{p}organiser:"),
        "组织者姓名（可省略）；须同时列为参加人才加组织分",
    );
    s += &line(
        &format!("{p}headcount:"),
        "实到总人数，含非学员（可省略），只写数字",
    );
    s += &line(
        &format!("{p}participants: []"),
        "参加的学员（必填），如 [张明, 李华]；全组参加写 全体。空着不计任何积分",
    );
    s += &line(
        &format!("{p}absent: []"),
        "缺席者，仅当 participants 写 全体 时使用，如 [王芳]",
    );
    s += &line(
        &format!("{p}contributions: []"),
        "突出贡献（可省略）；填写时删去 []，按下两行的写法逐条列出",
    );
    s += &format!("{p}#   - member: 张明\n");
    s += &format!("{p}#     note: 编写巡查路线图\n");
    s += &line(
        &format!("{p}submissions: []"),
        "当场完成的作业（可省略）；填写时删去 []，按下两行的写法逐条列出",
    );
    s += &format!("{p}#   - member: 李华\n");
    s += &format!("{p}#     title: 巡查心得\n");
    s += &line(&format!("{p}summary:"), "一句话简介（可省略）");
    if nl != "\n" {
        s = s.replace('\n', nl);
    }
    s
}

/// A new report or case: valid front matter with obvious placeholders and a body outline.
pub fn document_md(
    title: &str,
    group: &str,
    group_name: &str,
    date: NaiveDate,
    case: bool,
) -> String {
    let what = if case { "活动案例" } else { "调研文章" };
    let mut s = String::from("---\n");
    s += &format!("# {what}的文头：两行 --- 之间的各项都要填写，“待填写”处改为实际内容\n");
    s += "# 正文写在下面一行 --- 之后：小标题以“## ”开头；图片放在本届 images/ 文件夹，用 ![图1　说明](../images/文件名.png) 引用\n";
    s += &line(
        &format!("title: {}", scalar(title)),
        &format!("{what}标题（必填）"),
    );
    s += &line(
        "authors: []",
        "作者（必填，须是本届学员），如 [张明, 李华]，按署名顺序",
    );
    s += &line(
        &format!("group: {group}"),
        &format!("所在小组编号（必填）：{group_name}"),
    );
    s += &line(&format!("date: {date}"), "日期（必填），通常写定稿日期");
    s += &line(
        "abstract: 待填写",
        "摘要（必填）：一两百字，概括对象、发现和建议",
    );
    s += &line(
        "keywords: [待填写]",
        "关键词（必填），三至五个，如 [违建治理, 老旧小区]",
    );
    s += "---\n\n";
    if case {
        s += "## 一、活动背景\n\n待填写。\n\n## 二、活动经过\n\n待填写。\n\n## 三、成效与体会\n\n待填写。\n";
    } else {
        s += "## 一、基本情况\n\n待填写。\n\n## 二、存在的问题\n\n待填写。\n\n## 三、原因分析\n\n待填写。\n\n## 四、对策建议\n\n待填写。\n";
    }
    s
}

/// The skeleton's example report, complete and valid.
pub fn example_report_md(group: &str, date: NaiveDate, authors: &[&str]) -> String {
    let mut s = String::from("---\n");
    s += &line(
        "title: 关于社区网格化管理的调研（示例）",
        "文章标题（必填）",
    );
    s += &line(
        &format!("authors: [{}]", authors.join(", ")),
        "作者（必填，须是本届学员），按署名顺序",
    );
    s += &line(&format!("group: {group}"), "所在小组编号（必填）");
    s += &line(&format!("date: {date}"), "日期（必填），通常写定稿日期");
    s += &line(
        "abstract: 本文是一篇示例，演示调研文章的写法：文头写标题、作者、小组、日期、摘要和关键词，正文用小标题分节。",
        "摘要（必填）",
    );
    s += &line("keywords: [网格化管理, 示例]", "关键词（必填），三至五个");
    s += "---\n\n";
    s += "## 一、基本情况\n\n";
    s += "这是一篇示例文章，文件名（不含 .md）就是它的网址，发布后不要再改。正文用 Markdown 书写：\
小标题以“## ”开头，段落之间空一行，还可以使用表格和脚注[^1]。\n\n";
    s += "| 社区 | 网格数 | 专职网格员 |\n| --- | --- | --- |\n| 示例社区 | 6 | 6 |\n\n";
    s += "## 二、对策建议\n\n";
    s += "写完后运行 showcase check 检查，再运行 showcase build 查看网页和印刷册的效果。\
确认无误后，可以删去这篇示例。\n\n";
    s += "[^1]: 脚注写在文末，如：数据来源为街道网格化管理中心台账。\n";
    s
}

/// The skeleton's preface.
pub fn preface_md(date: NaiveDate) -> String {
    let mut s = String::from("---\n");
    s += &line("title: 前言", "标题（可省略，默认“前言”）");
    s += &line("signed: 中共某某街道工作委员会组织科", "落款（可省略）");
    s += &line(&format!("date: {date}"), "日期（可省略）");
    s += "---\n\n";
    s += "这里写印刷册的前言：本年度培养工作的背景、做法和成效。前言印在印刷册的目录之前，网站上也单独成页。\n\n";
    s += "不需要前言时，删去这个文件即可。\n";
    s
}

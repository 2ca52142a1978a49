//! Typed reading of YAML nodes with diagnostics: unknown fields (with did-you-mean), missing
//! required fields, wrong types, bad dates. Each helper records its problem and returns `None`
//! so the caller goes on and every problem of a file is reported in one run.

use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::source::{FileId, Located, Pos};
use chrono::NaiveDate;

/// Chinese label of a field name, for messages.
/// Longest title accepted (characters): titles go on covers, contents and running heads.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest value of any other text field (characters).
pub const MAX_TEXT_CHARS: usize = 5_000;

pub fn label(field: &str) -> &'static str {
    match field {
        "title" => "标题",
        "issuer" => "编印单位",
        "year" => "年份",
        "period" => "培养期",
        "start" => "开始日期",
        "end" => "结束日期",
        "status" => "状态",
        "programmes" => "班次",
        "programme" => "班次",
        "points" => "积分规则",
        "id" => "编号",
        "name" => "名称/姓名",
        "department" => "部门",
        "rank" => "职级",
        "group" => "小组",
        "groups" => "小组",
        "members" => "成员",
        "member" => "成员",
        "date" => "日期",
        "kind" => "活动类型",
        "participants" => "参加人员",
        "authors" => "作者",
        "abstract" => "摘要",
        "keywords" => "关键词",
        "work" => "工作类别",
        "awards" => "奖项",
        "activities" => "活动",
        "teams" => "实践小组",
        _ => "",
    }
}

fn field_desc(field: &str) -> String {
    match label(field) {
        "" => format!("「{field}」"),
        l => format!("「{field}」（{l}）"),
    }
}

/// The entries of a YAML mapping, checked against the allowed field names.
pub struct Fields<'n> {
    pub node: &'n Node,
    entries: Vec<(&'n str, &'n Node)>,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, v)| *k == key && !matches!(v.value, Value::Null))
            .map(|(_, v)| *v)
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

pub struct Reader<'d> {
    pub file: FileId,
    pub diags: &'d mut Diagnostics,
}

impl<'d> Reader<'d> {
    pub fn new(file: FileId, diags: &'d mut Diagnostics) -> Self {
        Reader { file, diags }
    }

    pub fn pos(&self, n: &Node) -> Pos {
        n.pos(self.file)
    }

    pub fn error(&mut self, n: &Node, msg: impl Into<String>, hint: impl Into<String>) {
        let width = n.scalar_text().map(|s| s.chars().count()).unwrap_or(1);
        self.diags
            .push(Diagnostic::error(self.pos(n), msg).hint(hint).width(width));
    }

    /// Reads a mapping. `what` names the thing for messages (e.g. "活动记录").
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => {
                return Some(Fields {
                    node,
                    entries: Vec::new(),
                });
            }
            _ => {
                self.error(
                    node,
                    format!(
                        "{what}应当是“字段: 值”形式的字段组，这里却是{}",
                        node.type_name()
                    ),
                    "检查缩进：同一条记录的各字段要对齐，列表项以“- ”开头。",
                );
                return None;
            }
        };
        let mut out: Vec<(&'n str, &'n Node)> = Vec::new();
        for (k, v) in entries {
            let Value::Str(key) = &k.value else {
                self.error(
                    k,
                    format!("{what}的字段名应当是文字"),
                    "字段名请用英文小写，如 title、date。",
                );
                continue;
            };
            if !allowed.contains(&key.as_str()) {
                let hint = match did_you_mean(key, allowed.iter().copied()) {
                    Some(s) => format!("是否应为「{s}」？可用字段：{}", allowed.join("、")),
                    None => format!("可用字段：{}", allowed.join("、")),
                };
                self.diags.push(
                    Diagnostic::error(self.pos(k), format!("{what}中有未知字段「{key}」"))
                        .hint(hint)
                        .width(key.chars().count()),
                );
                continue;
            }
            if out.iter().any(|(e, _)| *e == key) {
                self.error(
                    k,
                    format!("字段「{key}」重复出现"),
                    "同一字段只能写一次，请删去多余的一处。",
                );
                continue;
            }
            out.push((key.as_str(), v));
        }
        Some(Fields { node, entries: out })
    }

    fn missing(&mut self, f: &Fields, key: &str, what: &str) {
        self.diags.push(
            Diagnostic::error(
                self.pos(f.node),
                format!("{what}缺少必填字段{}", field_desc(key)),
            )
            .hint(format!(
                "在这条{what}下加一行“{key}: …”。格式见 docs/content-format.md。"
            )),
        );
    }

    pub fn req_str(&mut self, f: &Fields, key: &str, what: &str) -> Option<Located<String>> {
        match f.get(key) {
            Some(n) => self.string(n, key),
            None => {
                self.missing(f, key, what);
                None
            }
        }
    }

    pub fn opt_str(&mut self, f: &Fields, key: &str) -> Option<Located<String>> {
        f.get(key).and_then(|n| self.string(n, key))
    }

    /// A scalar as text; numbers are accepted as text (phone numbers, ids). Bounded: a
    /// title over [`MAX_TITLE_CHARS`], any other text over [`MAX_TEXT_CHARS`] is an error
    /// (a pasted megabyte would otherwise reach every page, the booklet and the search index).
    pub fn string(&mut self, n: &Node, key: &str) -> Option<Located<String>> {
        // Text is read in place (a copy per value adds up over 100,000 activity records).
        let owned;
        let text = match &n.value {
            Value::Str(s) => Some(s.trim()),
            _ => {
                owned = n.scalar_text();
                owned.as_deref().map(str::trim)
            }
        };
        match text {
            Some(s) if !s.is_empty() => {
                let chars = s.chars().count();
                let limit = if key == "title" {
                    MAX_TITLE_CHARS
                } else {
                    MAX_TEXT_CHARS
                };
                if chars > limit {
                    self.error(
                        n,
                        format!(
                            "字段{}过长（{chars} 个字），上限 {limit} 个字",
                            field_desc(key)
                        ),
                        if key == "title" {
                            "标题应简明扼要；副标题或说明写进摘要或正文。"
                        } else {
                            "长篇文字请写进 Markdown 正文；检查是否误粘贴了大段内容。"
                        },
                    );
                    return None;
                }
                Some(Located::new(s.to_string(), self.pos(n)))
            }
            Some(_) => {
                self.error(
                    n,
                    format!("字段{}是空的", field_desc(key)),
                    "填上内容，或删去这一行。",
                );
                None
            }
            None => {
                self.error(
                    n,
                    format!(
                        "字段{}应当是一段文字，这里却是{}",
                        field_desc(key),
                        n.type_name()
                    ),
                    "把值写在冒号后的同一行；含冒号、井号的文字请用引号括起来。",
                );
                None
            }
        }
    }

    pub fn req_date(&mut self, f: &Fields, key: &str, what: &str) -> Option<Located<NaiveDate>> {
        match f.get(key) {
            Some(n) => self.date(n, key),
            None => {
                self.missing(f, key, what);
                None
            }
        }
    }

    pub fn opt_date(&mut self, f: &Fields, key: &str) -> Option<Located<NaiveDate>> {
        f.get(key).and_then(|n| self.date(n, key))
    }

    pub fn date(&mut self, n: &Node, key: &str) -> Option<Located<NaiveDate>> {
        let text = self.string(n, key)?;
        match crate::text::parse_date(&text.value) {
            Some(d) => Some(Located::new(d, text.pos)),
            None => {
                self.error(
                    n,
                    format!("日期「{}」无效", text.value),
                    "日期写成 2017-06-10 的形式（年-月-日），并确认这一天确实存在。",
                );
                None
            }
        }
    }

    pub fn opt_u32(&mut self, f: &Fields, key: &str) -> Option<Located<u32>> {
        let n = f.get(key)?;
        match &n.value {
            Value::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => {
                Some(Located::new(*i as u32, self.pos(n)))
            }
            _ => {
                self.error(
                    n,
                    format!(
                        "字段{}应当是不小于 0 的整数，这里是「{}」",
                        field_desc(key),
                        n.scalar_text().unwrap_or_default()
                    ),
                    "只写阿拉伯数字，不带单位，如 12。",
                );
                None
            }
        }
    }

    pub fn opt_f64(&mut self, f: &Fields, key: &str) -> Option<Located<f64>> {
        let n = f.get(key)?;
        match &n.value {
            Value::Int(i) if *i >= 0 => Some(Located::new(*i as f64, self.pos(n))),
            Value::Float(x) if x.is_finite() && *x >= 0.0 => Some(Located::new(*x, self.pos(n))),
            _ => {
                self.error(
                    n,
                    format!("字段{}应当是不小于 0 的数字", field_desc(key)),
                    "只写数字，如 30 或 12.5。",
                );
                None
            }
        }
    }

    pub fn opt_bool(&mut self, f: &Fields, key: &str) -> Option<Located<bool>> {
        let n = f.get(key)?;
        let b = match &n.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.as_str(), "是" | "同意") => Some(true),
            Value::Str(s) if matches!(s.as_str(), "否" | "不同意") => Some(false),
            _ => None,
        };
        match b {
            Some(b) => Some(Located::new(b, self.pos(n))),
            None => {
                self.error(
                    n,
                    format!("字段{}只能填 true 或 false", field_desc(key)),
                    "填 true（是）或 false（否）。",
                );
                None
            }
        }
    }

    /// A value that must be one of `choices`.
    pub fn choice(&mut self, f: &Fields, key: &str, choices: &[&str]) -> Option<Located<String>> {
        let v = self.opt_str(f, key)?;
        if choices.contains(&v.value.as_str()) {
            return Some(v);
        }
        let hint = match did_you_mean(&v.value, choices.iter().copied()) {
            Some(s) => format!("是否应为「{s}」？可选：{}", choices.join("、")),
            None => format!("可选：{}", choices.join("、")),
        };
        self.diags.push(
            Diagnostic::error(
                v.pos,
                format!("字段{}的值「{}」不在可选范围内", field_desc(key), v.value),
            )
            .hint(hint)
            .width(v.value.chars().count()),
        );
        None
    }

    /// A list of scalars. A single scalar is accepted as a one-item list; Chinese list
    /// separators inside one string (「李泗、张三」) are split.
    pub fn str_list(&mut self, f: &Fields, key: &str) -> Vec<Located<String>> {
        let Some(n) = f.get(key) else {
            return Vec::new();
        };
        match &n.value {
            Value::Seq(items) => items.iter().filter_map(|i| self.string(i, key)).collect(),
            _ => match self.string(n, key) {
                Some(s) => split_names(&s),
                None => Vec::new(),
            },
        }
    }

    /// A list of mappings (records). Reports a non-list value.
    pub fn records<'n>(&mut self, f: &Fields<'n>, key: &str, what: &str) -> &'n [Node] {
        let Some(n) = f.get(key) else { return &[] };
        match &n.value {
            Value::Seq(items) => items,
            _ => {
                self.error(
                    n,
                    format!(
                        "字段{}应当是{what}列表，这里却是{}",
                        field_desc(key),
                        n.type_name()
                    ),
                    "每一条记录另起一行，以“- ”开头。",
                );
                &[]
            }
        }
    }

    /// Length like `25mm`, `10.5pt`, `0`; returns millimetres or points as written in `unit`.
    pub fn length(&mut self, f: &Fields, key: &str, unit: &str) -> Option<Located<f64>> {
        let v = f.get(key)?;
        let text = v.scalar_text().unwrap_or_default();
        let t = text.trim();
        let num = t.strip_suffix(unit).unwrap_or(t).trim();
        match num.parse::<f64>() {
            Ok(x)
                if x.is_finite()
                    && x >= 0.0
                    && (t.ends_with(unit) || x == 0.0 || !t.ends_with(char::is_alphabetic)) =>
            {
                Some(Located::new(x, self.pos(v)))
            }
            _ => {
                self.error(
                    v,
                    format!("字段{}的值「{t}」不是有效的长度", field_desc(key)),
                    format!("写成数字加单位 {unit}，如 20{unit}。"),
                );
                None
            }
        }
    }
}

fn split_names(s: &Located<String>) -> Vec<Located<String>> {
    if !s.value.contains(['、', '，', ',']) {
        return vec![s.clone()];
    }
    s.value
        .split(['、', '，', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Located::new(p.to_string(), s.pos))
        .collect()
}

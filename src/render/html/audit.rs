//! Sources of the internal audit trail in the office's words: which record earned a point
//! or put a member on the hold list, named as the office names it (「拆建组活动记录 ·
//! 2017年5月24日」, 「调研文章《…》」, 「2017年成员名册」), with `file:line` kept only as
//! secondary text for whoever has to open the file.

use crate::model::{Cohort, Content, Scope};
use crate::source::Pos;
use crate::text::date_cn;
use serde::Serialize;

/// Where each record of a cohort starts, with its human name; a position inside a record
/// (a participant's name, an author) belongs to the last record starting before it.
pub struct Origins {
    starts: Vec<(Pos, String)>,
}

impl Origins {
    pub fn of(c: &Cohort) -> Self {
        let mut starts: Vec<(Pos, String)> = Vec::new();
        for a in &c.activities {
            let owner = match &a.scope {
                Scope::Group(g) => c
                    .group(&g.value)
                    .map(|g| format!("{}活动记录", g.name))
                    .unwrap_or_else(|| "小组活动记录".into()),
                Scope::Programme(p) => c
                    .programme(&p.value)
                    .map(|p| format!("{}集中活动记录", p.name))
                    .unwrap_or_else(|| "集中活动记录".into()),
            };
            starts.push((a.pos, format!("{owner} · {}", date_cn(a.date.value))));
        }
        for d in &c.reports {
            starts.push((
                Pos::file_start(d.pos.file),
                format!("调研文章《{}》", d.title.value),
            ));
        }
        for d in &c.cases {
            starts.push((
                Pos::file_start(d.pos.file),
                format!("活动案例《{}》", d.title.value),
            ));
        }
        for t in &c.teams {
            starts.push((t.pos, format!("实践小组 · {}", t.name)));
        }
        for m in &c.members {
            starts.push((m.pos, format!("{}年成员名册", c.year)));
        }
        starts.sort_by_key(|a| a.0);
        Origins { starts }
    }

    /// The name of the record that contains `pos`, if it is one of this cohort's records.
    pub fn label(&self, pos: Pos) -> Option<&str> {
        let i = self.starts.partition_point(|(p, _)| *p <= pos);
        let (start, label) = self.starts.get(i.checked_sub(1)?)?;
        (start.file == pos.file).then_some(label.as_str())
    }
}

/// A source for a template: `label` (the main text), `file` (short `name.yaml:line`, small
/// secondary text) and `path` (the full `path:line:column`, a tooltip).
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub label: String,
    pub file: String,
    pub path: String,
}

pub fn source(content: &Content, origins: &Origins, pos: Pos) -> Source {
    let path = content.sources.path(pos.file);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = format!("{name}:{}", pos.line);
    let label = origins
        .label(pos)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{name} 第{}行", pos.line));
    Source {
        label,
        file,
        path: content.sources.display_pos(pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn origins(starts: &[(u32, u32, &str)]) -> Origins {
        let mut s: Vec<(Pos, String)> = starts
            .iter()
            .map(|&(f, l, t)| (Pos::new(FileId(f), l, 1), t.to_string()))
            .collect();
        s.sort_by_key(|a| a.0);
        Origins { starts: s }
    }

    #[test]
    fn a_position_belongs_to_the_record_it_is_in() {
        let o = origins(&[(1, 5, "甲"), (1, 20, "乙"), (2, 1, "丙")]);
        assert_eq!(o.label(Pos::new(FileId(1), 9, 19)), Some("甲"));
        assert_eq!(o.label(Pos::new(FileId(1), 20, 1)), Some("乙"));
        assert_eq!(o.label(Pos::new(FileId(1), 400, 3)), Some("乙"));
        assert_eq!(o.label(Pos::new(FileId(2), 7, 3)), Some("丙"));
        // Before the first record of a file, or in a file with no records: unknown.
        assert_eq!(o.label(Pos::new(FileId(1), 2, 1)), None);
        assert_eq!(o.label(Pos::new(FileId(3), 2, 1)), None);
    }
}

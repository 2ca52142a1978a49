//! Stable person ids for an imported roster: a person already on file (in any cohort) keeps
//! the id they had there; a new person gets the next free number in the project's scheme
//! (`p001`, `p002`, …: the most common letter prefix and digit width of the existing ids).

use crate::model::{Content, Member};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// How a roster row relates to the people already on file.
#[derive(Debug, PartialEq)]
pub enum Match {
    /// Exactly one person on file fits: (their id, the latest cohort they are in).
    Same(String, i32),
    /// Several different people fit: (id, cohort) of each.
    Ambiguous(Vec<(String, i32)>),
    /// Nobody fits. People of the same name who do not: (id, cohort, what differs).
    New(Vec<(String, i32, &'static str)>),
}

/// Everyone on file, and the ids taken so far.
pub struct Register<'a> {
    /// (cohort year, member): the target cohort first, then the others, latest first.
    known: Vec<(i32, &'a Member)>,
    used: HashSet<String>,
    prefix: String,
    width: usize,
    next: u64,
}

/// `p017` → ("p", "017").
fn split_id(id: &str) -> Option<(&str, &str)> {
    let at = id.find(|c: char| c.is_ascii_digit())?;
    let (p, d) = id.split_at(at);
    d.bytes().all(|b| b.is_ascii_digit()).then_some((p, d))
}

impl<'a> Register<'a> {
    /// Everyone in `content`, for a roster of cohort `year`.
    pub fn new(content: &'a Content, year: i32) -> Self {
        Self::with_members(
            content
                .cohorts
                .iter()
                .flat_map(|c| c.members.iter().map(move |m| (c.year, m))),
            year,
        )
    }

    /// The given (cohort, member) pairs, for a roster of cohort `year`.
    pub fn with_members(people: impl IntoIterator<Item = (i32, &'a Member)>, year: i32) -> Self {
        let mut known: Vec<(i32, &Member)> = people.into_iter().collect();
        known.sort_by_key(|(y, _)| (*y != year, -*y));
        let used: HashSet<String> = known.iter().map(|(_, m)| m.id.value.clone()).collect();
        // The scheme: the prefix most ids share, its usual width, one past its largest number.
        let mut prefixes: HashMap<&str, (usize, usize, u64)> = HashMap::new();
        for id in &used {
            if let Some((p, d)) = split_id(id) {
                let e = prefixes.entry(p).or_default();
                e.0 += 1;
                e.1 = e.1.max(d.len());
                e.2 = e.2.max(d.parse().unwrap_or(0));
            }
        }
        let (prefix, width, max) = prefixes
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
            .map(|(p, (_, w, m))| (p.to_string(), *w, *m))
            .unwrap_or(("p".into(), 3, 0));
        Register {
            known,
            used,
            prefix,
            width,
            next: max + 1,
        }
    }

    /// Who on file the row (name, birth date, department) is: the same name and birth date,
    /// or, when either birth date is unknown, the same name and department.
    pub fn find(&self, name: &str, birth: Option<NaiveDate>, department: &str) -> Match {
        let mut fits: Vec<(String, i32)> = Vec::new();
        let mut others: Vec<(String, i32, &'static str)> = Vec::new();
        for (year, m) in self.known.iter().filter(|(_, m)| m.name.value == name) {
            let (fit, why) = match (birth, m.personal.birth_date) {
                (Some(a), Some(b)) => (a == b, "出生日期不同"),
                _ => (m.department == department, "部门不同"),
            };
            let id = &m.id.value;
            if fit {
                if !fits.iter().any(|(i, _)| i == id) {
                    fits.push((id.clone(), *year));
                }
            } else if !others.iter().any(|(i, ..)| i == id) {
                others.push((id.clone(), *year, why));
            }
        }
        match fits.len() {
            0 => Match::New(others),
            1 => {
                let (id, year) = fits.remove(0);
                Match::Same(id, year)
            }
            _ => Match::Ambiguous(fits),
        }
    }

    /// The cohort and name under which `id` is on file (the target cohort first).
    pub fn owner(&self, id: &str) -> Option<(i32, &str)> {
        self.known
            .iter()
            .find(|(_, m)| m.id.value == id)
            .map(|(y, m)| (*y, m.name.value.as_str()))
    }

    /// Marks an id given in the sheet as taken, so no new person gets it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// The next free id in the scheme.
    pub fn next_id(&mut self) -> String {
        loop {
            let id = format!("{}{:0w$}", self.prefix, self.next, w = self.width);
            self.next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Personal, Rank};
    use crate::source::{Located, Pos};

    fn member(id: &str, name: &str, dept: &str, birth: Option<(i32, u32, u32)>) -> Member {
        let t = |s: &str| Located::new(s.to_string(), Pos::default());
        Member {
            id: t(id),
            name: t(name),
            female: None,
            department: dept.into(),
            position: None,
            rank: Rank::Staff,
            programme: t("qinggan"),
            group: None,
            line: None,
            home_line: None,
            consent: true,
            sort_as: None,
            personal: Personal {
                birth_date: birth.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                ..Personal::default()
            },
            pos: Pos::default(),
        }
    }

    fn register(cohorts: &[(i32, Vec<Member>)]) -> Register<'_> {
        Register::with_members(
            cohorts
                .iter()
                .flat_map(|(y, ms)| ms.iter().map(move |m| (*y, m))),
            2017,
        )
    }

    #[test]
    fn returning_people_keep_their_id_and_new_ones_continue_the_scheme() {
        let c = vec![
            (
                2015,
                vec![
                    member("p001", "张伟", "党政办", Some((1990, 1, 2))),
                    member("p002", "李丹", "城管办", None),
                    member("x7", "外来", "城管办", None),
                ],
            ),
            (
                2016,
                vec![
                    member("p009", "张伟", "经发办", Some((1991, 5, 6))),
                    member("p002", "李丹", "城管办", None),
                ],
            ),
        ];
        let mut r = register(&c);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            r.find("张伟", d(1990, 1, 2), "别处"),
            Match::Same("p001".into(), 2015)
        );
        assert_eq!(
            r.find("李丹", d(1990, 1, 2), "城管办"),
            Match::Same("p002".into(), 2016)
        );
        assert_eq!(
            r.find("张伟", None, "经发办"),
            Match::Same("p009".into(), 2016)
        );
        assert_eq!(
            r.find("张伟", d(1999, 9, 9), "经发办"),
            Match::New(vec![
                ("p009".into(), 2016, "出生日期不同"),
                ("p001".into(), 2015, "出生日期不同")
            ])
        );
        assert_eq!(r.next_id(), "p010");
        r.reserve("p011");
        assert_eq!(r.next_id(), "p012");
        assert_eq!(r.owner("p009"), Some((2016, "张伟")));
    }

    #[test]
    fn same_name_and_department_twice_is_ambiguous() {
        let c = vec![(
            2016,
            vec![
                member("p001", "王芳", "党政办", None),
                member("p002", "王芳", "党政办", None),
            ],
        )];
        let r = register(&c);
        assert!(matches!(r.find("王芳", None, "党政办"), Match::Ambiguous(v) if v.len() == 2));
    }

    #[test]
    fn an_empty_project_starts_at_p001() {
        assert_eq!(register(&[]).next_id(), "p001");
    }
}

//! The content model: what the content folder says, with the source position of every value
//! that a diagnostic or a ledger entry may point at. It knows nothing of HTML or Typst.

use crate::source::{Located, Pos, SourceMap};
use chrono::NaiveDate;
pub use showcase_collate::{Collation, SingleGivenName};
use std::path::PathBuf;

pub type Text = Located<String>;

/// Everything loaded from one content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub root: PathBuf,
    pub sources: SourceMap,
    pub site: Site,
    /// Sorted by year, oldest first.
    pub cohorts: Vec<Cohort>,
}

impl Content {
    pub fn cohort(&self, year: i32) -> Option<&Cohort> {
        self.cohorts.iter().find(|c| c.year == year)
    }
    pub fn latest(&self) -> Option<&Cohort> {
        self.cohorts.last()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Site {
    pub title: String,
    pub issuer: String,
    pub base_url: String,
    pub honour_roll: HonourRollSettings,
    pub print: PrintSettings,
    /// `theme:` — the theme's name or folder (checked against the available themes when a
    /// command resolves it); `None` means the default theme.
    pub theme: Option<String>,
}

#[derive(Debug, Clone)]
pub struct HonourRollSettings {
    /// `honour_roll.collation`, parsed once by the loader.
    pub collation: Collation,
    /// `honour_roll.single_given_name`.
    pub single_given_name: SingleGivenName,
    pub show_department: bool,
    pub show_gender: bool,
}

impl Default for HonourRollSettings {
    fn default() -> Self {
        HonourRollSettings {
            collation: Collation::Stroke,
            single_given_name: SingleGivenName::BlankFirst,
            show_department: false,
            show_gender: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A5,
    K16,
    K16Large,
}

impl Paper {
    pub const NAMES: [&'static str; 4] = ["a4", "a5", "16k", "16k-large"];
    pub fn parse(s: &str) -> Option<Paper> {
        Some(match s {
            "a4" => Paper::A4,
            "a5" => Paper::A5,
            "16k" => Paper::K16,
            "16k-large" => Paper::K16Large,
            _ => return None,
        })
    }
    /// Trim size in millimetres (width, height).
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::K16 => (185.0, 260.0),
            Paper::K16Large => (210.0, 285.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    pub paper: Paper,
    pub margin_inside_mm: f64,
    pub margin_outside_mm: f64,
    pub body_size_pt: f64,
    pub bleed_mm: f64,
    pub pdf_standard: Option<String>,
    /// Thickness of one leaf of the text paper (spine = leaves × this).
    pub paper_thickness_mm: f64,
    /// The print shop's text block is padded with blank pages to a multiple of this.
    pub pages_multiple_of: u32,
    /// Cover artwork, relative to the content folder (`images/cover.jpg`).
    pub cover_image: Option<crate::source::Located<String>>,
    /// Cover background and accent colours (`#rrggbb`).
    pub cover_color: Option<String>,
    pub accent_color: Option<String>,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            paper: Paper::K16,
            margin_inside_mm: 25.0,
            margin_outside_mm: 20.0,
            body_size_pt: 10.5,
            bleed_mm: 0.0,
            pdf_standard: None,
            paper_thickness_mm: 0.1,
            pages_multiple_of: 4,
            cover_image: None,
            cover_color: None,
            accent_color: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Archived,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PointsRules {
    pub attend: u32,
    pub submission: u32,
    pub organise: u32,
    pub organise_min_headcount: u32,
    pub contribution: u32,
    pub practice_team: u32,
    pub pass_mark: u32,
    pub hold_years: u32,
}

impl Default for PointsRules {
    /// The defaults of DESIGN.md §2.
    fn default() -> Self {
        PointsRules {
            attend: 5,
            submission: 5,
            organise: 5,
            organise_min_headcount: 10,
            contribution: 5,
            practice_team: 20,
            pass_mark: 60,
            hold_years: 3,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Programme {
    pub id: Text,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Mentor {
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: Text,
    pub name: String,
    pub programme: Text,
    pub line: Option<String>,
    pub mentor: Option<Mentor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Staff,
    Deputy,
    Head,
}

impl Rank {
    pub const NAMES: [&'static str; 3] = ["一般工作人员", "中层副职", "中层正职"];
    pub fn parse(s: &str) -> Option<Rank> {
        Some(match s {
            "一般工作人员" => Rank::Staff,
            "中层副职" => Rank::Deputy,
            "中层正职" => Rank::Head,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        Rank::NAMES[self as usize]
    }
}

/// Personal fields: only ever shown in the internal build.
#[derive(Debug, Clone, Default)]
pub struct Personal {
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub political_status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Member {
    /// Stable person id across cohorts.
    pub id: Text,
    pub name: Text,
    pub female: Option<bool>,
    pub department: String,
    pub position: Option<String>,
    pub rank: Rank,
    pub programme: Text,
    pub group: Option<Text>,
    pub line: Option<String>,
    pub home_line: Option<String>,
    pub consent: bool,
    /// Name to collate by instead of `name` (for rare or disputed characters).
    pub sort_as: Option<String>,
    pub personal: Personal,
    pub pos: Pos,
}

/// A reference to a member by name or id, resolved by `validate`.
#[derive(Debug, Clone)]
pub struct MemberRef {
    pub text: Text,
    /// Index into `Cohort::members` once resolved.
    pub member: Option<usize>,
}

impl MemberRef {
    pub fn new(text: Text) -> Self {
        MemberRef { text, member: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    Group(Text),
    Programme(Text),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActivityKind {
    Study,
    Training,
    Practice,
    Research,
    Collective,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::Study,
        ActivityKind::Training,
        ActivityKind::Practice,
        ActivityKind::Research,
        ActivityKind::Collective,
        ActivityKind::Other,
    ];
    pub const NAMES: [&'static str; 6] = ["学习", "培训", "实践", "调研", "集体活动", "其他"];
    pub fn parse(s: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone)]
pub struct Note {
    pub member: MemberRef,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub scope: Scope,
    pub date: Located<NaiveDate>,
    pub title: Text,
    pub kind: ActivityKind,
    pub organiser: Option<MemberRef>,
    pub headcount: Option<Located<u32>>,
    /// Explicit participants; when `everyone` is set, filled by `validate` with the whole
    /// scope minus `absent`.
    pub participants: Vec<MemberRef>,
    pub everyone: Option<Pos>,
    pub absent: Vec<MemberRef>,
    pub contributions: Vec<Note>,
    pub submissions: Vec<Note>,
    pub summary: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct TeamMember {
    pub member: MemberRef,
    pub completed: bool,
}

#[derive(Debug, Clone)]
pub struct PracticeTeam {
    pub id: Text,
    pub name: String,
    pub work: String,
    pub start: Option<Located<NaiveDate>>,
    pub end: Option<Located<NaiveDate>>,
    pub members: Vec<TeamMember>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    Include,
    Exclude,
}

#[derive(Debug, Clone)]
pub struct MemberRule {
    pub top: Option<u32>,
    pub top_percent: Option<f64>,
    pub min_points: Option<u32>,
    pub programme: Option<Text>,
    pub group: Option<Text>,
    pub ties: Ties,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupMetric {
    AveragePoints,
    Activities,
}

#[derive(Debug, Clone)]
pub struct GroupRule {
    pub by: GroupMetric,
    pub top: u32,
    pub programme: Option<Text>,
}

#[derive(Debug, Clone)]
pub enum AwardKind {
    MemberRule(MemberRule),
    Members(Vec<MemberRef>),
    GroupRule(GroupRule),
    Groups(Vec<Text>),
}

#[derive(Debug, Clone)]
pub struct Award {
    pub name: Text,
    pub kind: AwardKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Report,
    Case,
    Preface,
    Afterword,
}

/// A Markdown document: report, case, preface or afterword.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocKind,
    /// File stem, used in URLs.
    pub slug: String,
    /// Path relative to the content root.
    pub rel_path: PathBuf,
    pub title: Text,
    pub authors: Vec<MemberRef>,
    pub group: Option<Text>,
    pub date: Option<Located<NaiveDate>>,
    pub abstract_: Option<String>,
    pub keywords: Vec<String>,
    pub signed: Option<String>,
    /// `draft: true`: checked, but kept out of both sites, the search index, the booklet
    /// and the points; shown only by `serve` (with a 「草稿」 badge).
    pub draft: bool,
    /// The whole file's text (shared with the source map); the body starts at `body_start`.
    pub text: std::sync::Arc<str>,
    /// Byte offset of the Markdown body (after the front matter) in `text`.
    pub body_start: usize,
    /// 1-based line of the body's first line in the file.
    pub body_line: u32,
    /// Images referenced in the body: (src as written, position).
    pub images: Vec<Text>,
    pub pos: Pos,
}

impl Document {
    /// The Markdown body (after the front matter).
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Cohort {
    pub year: i32,
    /// Folder relative to the content root, e.g. `cohorts/2017`.
    pub dir: PathBuf,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: Status,
    pub programmes: Vec<Programme>,
    /// `None`: this cohort had no points scheme.
    pub points: Option<PointsRules>,
    pub print: PrintSettings,
    pub groups: Vec<Group>,
    pub members: Vec<Member>,
    pub activities: Vec<Activity>,
    pub teams: Vec<PracticeTeam>,
    pub awards: Vec<Award>,
    pub reports: Vec<Document>,
    pub cases: Vec<Document>,
    pub preface: Option<Document>,
    pub afterword: Option<Document>,
    /// The frozen edition recorded by `showcase archive`, if any.
    pub edition: Option<Edition>,
    /// Entries of the cohort folder that are never published (content-relative paths, in
    /// folder order): `check` warns about them.
    pub unpublished: Vec<(std::path::PathBuf, Unpublished)>,
    pub pos: Pos,
}

/// Why a file in the content folder is never published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    /// A hidden file or folder (`.env`, `.git/`), anywhere in the cohort folder.
    Hidden,
    /// A file in `images/` that is not one of the published image types.
    NotAnImage,
}

/// A frozen edition: the published booklet and the hashes of every record at freezing time.
#[derive(Debug, Clone)]
pub struct Edition {
    /// `edition/manifest.yaml`, relative to the content root.
    pub manifest: std::path::PathBuf,
    pub frozen: NaiveDate,
    pub tool: String,
    /// Booklet file name inside `edition/`.
    pub booklet: String,
    pub booklet_sha256: String,
    pub pages: u32,
    /// (path relative to the cohort folder, sha256).
    pub records: Vec<(String, String)>,
    pub pos: Pos,
}

impl Cohort {
    /// Every Markdown document of the cohort in reading order: preface, reports, cases,
    /// afterword.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.preface
            .iter()
            .chain(&self.reports)
            .chain(&self.cases)
            .chain(&self.afterword)
    }
    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id.value == id)
    }
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id.value == id)
    }
    /// The group a member belongs to (`None`: ungrouped, or a group id groups.yaml lacks).
    pub fn group_of(&self, member: usize) -> Option<&Group> {
        self.members[member]
            .group
            .as_ref()
            .and_then(|g| self.group(&g.value))
    }
    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.id.value == id)
    }
    /// Members of a group, in roster order.
    pub fn group_members(&self, id: &str) -> impl Iterator<Item = (usize, &Member)> {
        self.members
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.group.as_ref().is_some_and(|g| g.value == id))
    }
    /// Activities of a group (not programme-wide ones), in file order.
    pub fn group_activities<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Activity> + 'a {
        self.activities
            .iter()
            .filter(move |a| matches!(&a.scope, Scope::Group(g) if g.value == id))
    }
    /// Every group's activities in file order, found in one pass (for loops over all groups:
    /// `group_activities` per group scans every record each time).
    pub fn activities_by_group(&self) -> rustc_hash::FxHashMap<&str, Vec<&Activity>> {
        let mut map: rustc_hash::FxHashMap<&str, Vec<&Activity>> = Default::default();
        for a in &self.activities {
            if let Scope::Group(g) = &a.scope {
                map.entry(g.value.as_str()).or_default().push(a);
            }
        }
        map
    }
    pub fn has_activity_records(&self) -> bool {
        !self.activities.is_empty()
    }
}

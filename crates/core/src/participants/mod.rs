//! Participants, counted (issue 14, first part; domain.md §6): an insats's report for a period
//! holds counts by gender, never people. The checks here find the report's figures that
//! disagree with each other, each finding placed at the cell to look at: SOFINT's interim
//! report prints 65 ongoing where 103 − 35 = 68.
//!
//! A cell is named `rad.kön` (`pagaende.totalt`, `nya.kvinnor`, `utfall:arbete.totalt`): the
//! row, a dot, and the column, as the report form and the upload template name them.

pub mod activity;
pub mod charts;
pub mod form;
pub mod indicator;
pub mod public;
pub mod rates;
pub mod register;

use crate::finding::{Finding, FindingKind, Severity};
use crate::fraction::Fraction;
use crate::location::Place;
use crate::plan::Date;

/// A count by gender, with the total as reported. A split not reported is `None` (SOFINT prints
/// the ongoing as a total only).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[schemars(rename = "Antal")]
pub struct Counted {
    /// The total as reported.
    #[serde(rename = "totalt")]
    pub total: u32,
    /// Women, men and other or not stated, when reported.
    #[serde(
        rename = "kvinnor_man_annat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub split: Option<[u32; 3]>,
}

impl Counted {
    /// A total with its split.
    pub fn split(total: u32, women: u32, men: u32, other: u32) -> Counted {
        Counted {
            total,
            split: Some([women, men, other]),
        }
    }

    /// A total alone.
    pub fn total(total: u32) -> Counted {
        Counted { total, split: None }
    }

    /// The count in a column: `totalt`, or a gender's (`kvinnor`, `man`, `annat`) when split.
    pub fn column(&self, column: &str) -> Option<u32> {
        if column == "totalt" {
            return Some(self.total);
        }
        let i = GENDERS.iter().find(|(_, w, _)| *w == column)?.0;
        self.split.map(|s| s[i])
    }
}

/// The genders a count is split by, with the column's word.
pub const GENDERS: [(usize, &str, &str); 3] = [
    (0, "kvinnor", "kvinnor"),
    (1, "man", "män"),
    (2, "annat", "annat eller ej angivet"),
];

/// The columns of every row: the total, then each gender.
pub const COLUMNS: [&str; 4] = ["totalt", "kvinnor", "man", "annat"];

/// An outcome of those who finished, as the förbund lists them.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Utfallsslag")]
pub struct OutcomeKind {
    /// Its key (`arbete`).
    #[serde(rename = "nyckel")]
    pub key: String,
    /// Its name ("Arbete").
    #[serde(rename = "namn")]
    pub name: String,
    /// Whether it counts as a step forward (stegförflyttning).
    #[serde(rename = "stegforflyttning")]
    pub step_forward: bool,
    /// Whether it is work or studies (the förbund's "share to work or studies").
    #[serde(rename = "arbete_eller_studier", default)]
    pub work_or_studies: bool,
    /// Whether those who left this way left early (avbrott, back to the referring agency).
    #[serde(rename = "i_fortid", default)]
    pub early: bool,
}

impl OutcomeKind {
    /// The tags a settings line writes after the key: `steg`, `arbete-studier`, `förtid`.
    pub fn tags(&self) -> Vec<&'static str> {
        let mut t = Vec::new();
        if self.step_forward {
            t.push("steg");
        }
        if self.work_or_studies {
            t.push("arbete-studier");
        }
        if self.early {
            t.push("förtid");
        }
        t
    }
}

/// The outcomes a förbund has before it sets its own: the former national register's, with
/// work, studies, job seeking and the agencies' programmes as steps forward, work and studies as
/// "work or studies", and a break or a return to the referring agency as leaving early.
pub fn default_outcomes() -> Vec<OutcomeKind> {
    [
        ("arbete", "Arbete", (true, true, false)),
        ("studier", "Studier", (true, true, false)),
        ("arbetssokande", "Arbetssökande", (true, false, false)),
        (
            "program",
            "Myndigheternas program (AF, FK)",
            (true, false, false),
        ),
        ("annan-insats", "Annan insats", (false, false, false)),
        ("remittent", "Åter till remittent", (false, false, true)),
        ("avbrott", "Avbrott", (false, false, true)),
        ("ovrigt", "Övrigt", (false, false, false)),
    ]
    .into_iter()
    .map(|(k, n, (s, w, e))| OutcomeKind {
        key: k.to_owned(),
        name: n.to_owned(),
        step_forward: s,
        work_or_studies: w,
        early: e,
    })
    .collect()
}

/// The NNS questionnaires offered and answered in the period (counts; the forms are NNS's).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[schemars(rename = "NnsFormular")]
pub struct Nns {
    /// Participants offered the forms.
    #[serde(rename = "erbjudna")]
    pub offered: u32,
    /// Participants who answered.
    #[serde(rename = "besvarade")]
    pub answered: u32,
}

/// A förbund's lists for its participant reports (issue 14), each editable in the settings.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Deltagarinstallningar")]
pub struct ParticipantSettings {
    /// The outcomes of the finished, which of them a step forward.
    #[serde(rename = "utfall", default = "default_outcomes")]
    pub outcomes: Vec<OutcomeKind>,
    /// Age groups (`16-29`), none when the förbund does not ask.
    #[serde(rename = "aldersgrupper", default)]
    pub age_groups: Vec<String>,
    /// Occupations before and after.
    #[serde(rename = "sysselsattningar", default = "default_occupations")]
    pub occupations: Vec<String>,
    /// Means of support before and after.
    #[serde(rename = "forsorjningar", default = "default_supports")]
    pub supports: Vec<String>,
    /// Counts below this are shown as "< N" in public outputs.
    #[serde(rename = "smatal_under", default = "default_small")]
    pub small_numbers: u32,
    /// The columns of the file for Uppföljning Finsam; none: [`register::default_columns`].
    #[serde(rename = "uppfoljning_finsam", default)]
    pub register_columns: Vec<register::Column>,
}

impl Default for ParticipantSettings {
    fn default() -> ParticipantSettings {
        ParticipantSettings {
            outcomes: default_outcomes(),
            age_groups: Vec::new(),
            occupations: default_occupations(),
            supports: default_supports(),
            small_numbers: default_small(),
            register_columns: Vec::new(),
        }
    }
}

/// Occupation as the former national register reported it.
pub fn default_occupations() -> Vec<String> {
    [
        "Förvärvsarbete",
        "Studier",
        "Aktivt arbetssökande",
        "Övrigt",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Means of support before it is set: the usual public ones.
pub fn default_supports() -> Vec<String> {
    [
        "Lön",
        "Sjukpenning eller rehabiliteringsersättning",
        "Aktivitetsersättning eller sjukersättning",
        "Aktivitetsstöd eller a-kassa",
        "Ekonomiskt bistånd",
        "Annan eller ingen",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn default_small() -> u32 {
    5
}

/// A list item's key: its name in lower case ASCII letters, digits and dashes (`Förvärvsarbete`
/// → `forvarvsarbete`).
pub fn item_key(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().to_lowercase().chars() {
        let c = match ch {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ó' | 'ò' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

impl ParticipantSettings {
    /// The columns of the file for Uppföljning Finsam: the förbund's, or the default.
    pub fn register(&self) -> Vec<register::Column> {
        if self.register_columns.is_empty() {
            register::default_columns(self)
        } else {
            self.register_columns.clone()
        }
    }

    /// A group's items as (key, name), by the group's prefix.
    pub fn items(&self, prefix: &str) -> Vec<(String, String)> {
        let names = |list: &[String]| list.iter().map(|n| (item_key(n), n.clone())).collect();
        match prefix {
            "utfall" => self
                .outcomes
                .iter()
                .map(|o| (o.key.clone(), o.name.clone()))
                .collect(),
            "alder" => names(&self.age_groups),
            "syss-fore" | "syss-efter" => names(&self.occupations),
            "fors-fore" | "fors-efter" => names(&self.supports),
            _ => Vec::new(),
        }
    }
}

/// An insats's participant report for one period.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Deltagarrapport")]
pub struct ParticipantReport {
    /// Everyone taking part in the period.
    #[serde(rename = "totalt")]
    pub total: Counted,
    /// New in the period.
    #[serde(rename = "nya")]
    pub new: Counted,
    /// Finished in the period.
    #[serde(rename = "avslutade")]
    pub finished: Counted,
    /// Still taking part at the period's end.
    #[serde(rename = "pagaende")]
    pub ongoing: Counted,
    /// The finished who left with a plan for further rehabilitation, when reported.
    #[serde(rename = "med_plan", default, skip_serializing_if = "Option::is_none")]
    pub with_plan: Option<Counted>,
    /// What became of the finished, by outcome key.
    #[serde(rename = "utfall", default)]
    pub outcomes: Vec<(String, Counted)>,
    /// Everyone taking part by the förbund's age groups (`16-29`), when reported.
    #[serde(rename = "aldersgrupper", default)]
    pub ages: Vec<(String, Counted)>,
    /// The new by occupation before the insats.
    #[serde(rename = "sysselsattning_fore", default)]
    pub occupation_before: Vec<(String, Counted)>,
    /// The finished by occupation after.
    #[serde(rename = "sysselsattning_efter", default)]
    pub occupation_after: Vec<(String, Counted)>,
    /// The new by means of support before.
    #[serde(rename = "forsorjning_fore", default)]
    pub support_before: Vec<(String, Counted)>,
    /// The finished by means of support after.
    #[serde(rename = "forsorjning_efter", default)]
    pub support_after: Vec<(String, Counted)>,
    /// The NNS forms, when reported.
    #[serde(rename = "nns", default, skip_serializing_if = "Option::is_none")]
    pub nns: Option<Nns>,
    /// What happened in the period, in the insatsägare's words.
    #[serde(rename = "berattelse", default)]
    pub narrative: String,
}

/// The report's rows by key and label, in order.
pub const ROWS: [(&str, &str); 5] = [
    ("totalt", "Totalt antal deltagare"),
    ("nya", "Nya deltagare"),
    ("avslutade", "Avslutade deltagare"),
    ("pagaende", "Pågående deltagare"),
    ("plan", "Avslutade med plan för fortsatt rehabilitering"),
];

/// The report's groups of rows: the prefix of their keys (`utfall:arbete`), their heading, and
/// the row they add up to.
pub const GROUPS: [(&str, &str, &str); 6] = [
    ("utfall", "Utfall för de avslutade", "avslutade"),
    ("alder", "Åldersgrupper", "totalt"),
    ("syss-fore", "Sysselsättning före (nya)", "nya"),
    (
        "syss-efter",
        "Sysselsättning efter (avslutade)",
        "avslutade",
    ),
    ("fors-fore", "Försörjning före (nya)", "nya"),
    ("fors-efter", "Försörjning efter (avslutade)", "avslutade"),
];

/// The label of a row key, with the names of the group's items from `names` (key → name).
pub fn row_label(key: &str, names: &dyn Fn(&str, &str) -> Option<String>) -> String {
    if let Some((_, label)) = ROWS.iter().find(|(k, _)| *k == key) {
        return (*label).to_owned();
    }
    if let Some((prefix, item)) = key.split_once(':')
        && let Some((_, heading, _)) = GROUPS.iter().find(|(p, _, _)| *p == prefix)
    {
        let name = names(prefix, item).unwrap_or_else(|| item.to_owned());
        return format!("{heading}: {name}");
    }
    key.to_owned()
}

/// A column's word as a sentence says it: "kvinnor", "män", "annat".
fn column_word(column: &str) -> &str {
    match column {
        "man" => "män",
        "annat" => "annat",
        c => c,
    }
}

/// One finding with every cell its equation holds, to group the findings one wrong cell makes.
#[derive(Clone, Debug)]
struct Issue {
    /// The report it is shown with (in a series).
    report: usize,
    finding: Finding,
    cells: Vec<(usize, String)>,
}

fn issue(report: usize, place: String, message: String, cells: Vec<(usize, String)>) -> Issue {
    Issue {
        report,
        finding: Finding::at(
            FindingKind::ParticipantCounts,
            Severity::Error,
            Place::Row(place),
            message,
        ),
        cells,
    }
}

fn cell(report: usize, row: &str, column: &str) -> (usize, String) {
    (report, format!("{row}.{column}"))
}

/// The columns both counts have: the total, and the genders when every count is split.
fn shared_columns(counts: &[Counted]) -> Vec<&'static str> {
    let split = !counts.is_empty() && counts.iter().all(|c| c.split.is_some());
    COLUMNS
        .into_iter()
        .filter(|c| *c == "totalt" || split)
        .collect()
}

impl ParticipantReport {
    /// The row's count by its key (`pagaende`; `utfall:arbete`).
    pub fn row(&self, key: &str) -> Option<Counted> {
        match key {
            "totalt" => Some(self.total),
            "nya" => Some(self.new),
            "avslutade" => Some(self.finished),
            "pagaende" => Some(self.ongoing),
            "plan" => self.with_plan,
            _ => {
                let (prefix, item) = key.split_once(':')?;
                self.group(prefix)?
                    .iter()
                    .find(|(o, _)| o == item)
                    .map(|(_, c)| *c)
            }
        }
    }

    /// A group's rows by its prefix (`utfall`).
    pub fn group(&self, prefix: &str) -> Option<&Vec<(String, Counted)>> {
        Some(match prefix {
            "utfall" => &self.outcomes,
            "alder" => &self.ages,
            "syss-fore" => &self.occupation_before,
            "syss-efter" => &self.occupation_after,
            "fors-fore" => &self.support_before,
            "fors-efter" => &self.support_after,
            _ => return None,
        })
    }

    /// A group's rows to change, by its prefix.
    pub fn group_mut(&mut self, prefix: &str) -> Option<&mut Vec<(String, Counted)>> {
        Some(match prefix {
            "utfall" => &mut self.outcomes,
            "alder" => &mut self.ages,
            "syss-fore" => &mut self.occupation_before,
            "syss-efter" => &mut self.occupation_after,
            "fors-fore" => &mut self.support_before,
            "fors-efter" => &mut self.support_after,
            _ => return None,
        })
    }

    /// A row's count to change, by its key; a group's row is added when missing.
    pub fn row_mut(&mut self, key: &str) -> Option<&mut Counted> {
        match key {
            "totalt" => Some(&mut self.total),
            "nya" => Some(&mut self.new),
            "avslutade" => Some(&mut self.finished),
            "pagaende" => Some(&mut self.ongoing),
            "plan" => Some(self.with_plan.get_or_insert_with(Counted::default)),
            _ => {
                let (prefix, item) = key.split_once(':')?;
                let group = self.group_mut(prefix)?;
                let at = match group.iter().position(|(o, _)| o == item) {
                    Some(at) => at,
                    None => {
                        group.push((item.to_owned(), Counted::default()));
                        group.len() - 1
                    }
                };
                Some(&mut group[at].1)
            }
        }
    }

    /// Every row's key with its count, the four rows first, then each group's.
    pub fn rows(&self) -> Vec<(String, Counted)> {
        let mut out: Vec<(String, Counted)> = ROWS
            .iter()
            .filter_map(|(k, _)| self.row(k).map(|c| ((*k).to_owned(), c)))
            .collect();
        for (prefix, _, _) in GROUPS {
            for (item, c) in self.group(prefix).into_iter().flatten() {
                out.push((format!("{prefix}:{item}"), *c));
            }
        }
        out
    }

    /// What does not add up within the report, each finding at its cell: every split against
    /// its total; the new and the finished within the total; the ongoing at the end = total −
    /// finished (each gender too, when split); each group against the row it divides (the
    /// outcomes and the after-groups against the finished, the before-groups against the new,
    /// the age groups against the total); the NNS forms answered within those offered, and
    /// those offered within the total. The findings one wrong cell makes are grouped beneath
    /// one root finding at that cell.
    pub fn check(&self) -> Vec<Finding> {
        let mut issues = Vec::new();
        self.issues(0, &mut issues);
        group(issues).into_iter().map(|(_, f)| f).collect()
    }

    fn issues(&self, at: usize, out: &mut Vec<Issue>) {
        for (key, c) in self.rows() {
            if let Some([w, m, o]) = c.split {
                let sum = u64::from(w) + u64::from(m) + u64::from(o);
                if sum != u64::from(c.total) {
                    let label = row_label(&key, &|_, item| Some(item.to_owned()));
                    out.push(issue(
                        at,
                        format!("{key}.totalt"),
                        format!(
                            "{label}: totalt {} men kvinnor {w} + män {m} + annat {o} = {sum}. Rätta totalen eller fördelningen.",
                            c.total
                        ),
                        COLUMNS.iter().map(|col| cell(at, &key, col)).collect(),
                    ));
                }
            }
        }
        for (key, label, c) in [
            ("nya", "Nya", self.new),
            ("avslutade", "Avslutade", self.finished),
        ] {
            if c.total > self.total.total {
                out.push(issue(
                    at,
                    format!("{key}.totalt"),
                    format!(
                        "{label} {} är fler än totalt antal deltagare {}.",
                        c.total, self.total.total
                    ),
                    vec![cell(at, key, "totalt"), cell(at, "totalt", "totalt")],
                ));
            }
        }
        if let Some(plan) = self.with_plan {
            for column in shared_columns(&[plan, self.finished]) {
                let (Some(p), Some(f)) = (plan.column(column), self.finished.column(column)) else {
                    continue;
                };
                if p > f {
                    out.push(issue(
                        at,
                        format!("plan.{column}"),
                        format!(
                            "Avslutade med plan{} är {p}, fler än de avslutade {f}.",
                            if column == "totalt" {
                                String::new()
                            } else {
                                format!(" ({})", column_word(column))
                            }
                        ),
                        vec![cell(at, "plan", column), cell(at, "avslutade", column)],
                    ));
                }
            }
        }
        for column in shared_columns(&[self.total, self.finished, self.ongoing]) {
            let (Some(total), Some(finished), Some(ongoing)) = (
                self.total.column(column),
                self.finished.column(column),
                self.ongoing.column(column),
            ) else {
                continue;
            };
            let expected = i64::from(total) - i64::from(finished);
            if i64::from(ongoing) != expected {
                let whom = if column == "totalt" {
                    String::new()
                } else {
                    format!(" ({})", column_word(column))
                };
                out.push(issue(
                    at,
                    format!("pagaende.{column}"),
                    format!(
                        "Pågående deltagare{whom} {ongoing}, men totalt {total} − avslutade {finished} = {expected}. Rätta någon av de tre."
                    ),
                    ["pagaende", "totalt", "avslutade"]
                        .iter()
                        .map(|r| cell(at, r, column))
                        .collect(),
                ));
            }
        }
        for (prefix, heading, base) in GROUPS {
            let rows = self.group(prefix).map(Vec::as_slice).unwrap_or_default();
            if rows.is_empty() {
                continue;
            }
            let base_count = self.row(base).unwrap_or_default();
            let mut counts: Vec<Counted> = rows.iter().map(|(_, c)| *c).collect();
            counts.push(base_count);
            for column in shared_columns(&counts) {
                let sum: u64 = rows
                    .iter()
                    .filter_map(|(_, c)| c.column(column))
                    .map(u64::from)
                    .sum();
                let want = base_count.column(column).unwrap_or(0);
                if sum != u64::from(want) {
                    let base_label = row_label(base, &|_, _| None).to_lowercase();
                    let whom = if column == "totalt" {
                        String::new()
                    } else {
                        format!(" ({})", column_word(column))
                    };
                    let mut cells: Vec<_> = rows
                        .iter()
                        .map(|(item, _)| cell(at, &format!("{prefix}:{item}"), column))
                        .collect();
                    cells.push(cell(at, base, column));
                    out.push(issue(
                        at,
                        format!("{base}.{column}"),
                        format!(
                            "{heading}{whom} är {sum} tillsammans, men {base_label} är {want}."
                        ),
                        cells,
                    ));
                }
            }
        }
        if let Some(n) = self.nns {
            if n.answered > n.offered {
                out.push(issue(
                    at,
                    "nns.besvarade".to_owned(),
                    format!(
                        "{} har besvarat NNS-formulären men bara {} har erbjudits dem.",
                        n.answered, n.offered
                    ),
                    vec![(at, "nns.besvarade".into()), (at, "nns.erbjudna".into())],
                ));
            }
            if n.offered > self.total.total {
                out.push(issue(
                    at,
                    "nns.erbjudna".to_owned(),
                    format!(
                        "{} har erbjudits NNS-formulären men deltagarna är {} totalt.",
                        n.offered, self.total.total
                    ),
                    vec![(at, "nns.erbjudna".into()), cell(at, "totalt", "totalt")],
                ));
            }
        }
    }

    /// Stegförflyttning: the finished whose outcome counts as a step forward, of all finished;
    /// none when nobody finished.
    pub fn step_forward(&self, kinds: &[OutcomeKind]) -> Option<Fraction> {
        let forward: u32 = self
            .outcomes
            .iter()
            .filter(|(k, _)| kinds.iter().any(|o| &o.key == k && o.step_forward))
            .map(|(_, c)| c.total)
            .sum();
        Fraction::new(i128::from(forward), i128::from(self.finished.total))
    }
}

/// A report with the first and last day of its period.
pub type Dated<'a> = (Date, Date, &'a ParticipantReport);

/// The findings of an insats's reports together, each with the index of the report it is shown
/// with: each report's own, and between them: a period that follows another starts with the
/// other's ongoing (total − new = the ongoing before, each gender when split), and a period
/// made of shorter reported periods (a year of quarters) has their new and finished and
/// outcomes summed, their first start and their last ongoing. The findings one wrong cell
/// makes are one root finding at that cell, the rest beneath it.
pub fn check_series(reports: &[Dated<'_>]) -> Vec<(usize, Finding)> {
    let mut issues = Vec::new();
    for (i, (_, _, r)) in reports.iter().enumerate() {
        r.issues(i, &mut issues);
    }
    let words = |i: usize| format!("{}–{}", reports[i].0, reports[i].1);
    // Continuity: every report against the one that ends the day before it starts.
    for (b, (from, _, next)) in reports.iter().enumerate() {
        let Some(before) = from.previous_day() else {
            continue;
        };
        for (a, (_, to, prev)) in reports.iter().enumerate() {
            if *to != before {
                continue;
            }
            for column in shared_columns(&[prev.ongoing, next.total, next.new]) {
                let (Some(ongoing), Some(total), Some(new)) = (
                    prev.ongoing.column(column),
                    next.total.column(column),
                    next.new.column(column),
                ) else {
                    continue;
                };
                let start = i64::from(total) - i64::from(new);
                if start != i64::from(ongoing) {
                    let whom = if column == "totalt" {
                        String::new()
                    } else {
                        format!(" ({})", column_word(column))
                    };
                    issues.push(issue(
                        b,
                        format!("totalt.{column}"),
                        format!(
                            "Perioden {} börjar med {start} pågående{whom} (totalt {total} − nya {new}), men perioden {} slutade med {ongoing}.",
                            words(b),
                            words(a)
                        ),
                        vec![
                            cell(a, "pagaende", column),
                            cell(b, "totalt", column),
                            cell(b, "nya", column),
                        ],
                    ));
                }
            }
        }
    }
    // A longer period against the shorter ones it is made of.
    for (y, (from, to, whole)) in reports.iter().enumerate() {
        let Some(parts) = tiling(reports, *from, *to) else {
            continue;
        };
        let first = parts[0];
        let last = parts[parts.len() - 1];
        let part_words = parts
            .iter()
            .map(|&p| words(p))
            .collect::<Vec<_>>()
            .join(", ");
        let mut sums: Vec<(String, Counted, Vec<Counted>)> = vec![
            (
                "nya".into(),
                whole.new,
                parts.iter().map(|&p| reports[p].2.new).collect(),
            ),
            (
                "avslutade".into(),
                whole.finished,
                parts.iter().map(|&p| reports[p].2.finished).collect(),
            ),
        ];
        let mut keys: Vec<String> = whole.outcomes.iter().map(|(k, _)| k.clone()).collect();
        for &p in &parts {
            for (k, _) in &reports[p].2.outcomes {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        for k in keys {
            let key = format!("utfall:{k}");
            sums.push((
                key.clone(),
                whole.row(&key).unwrap_or_default(),
                parts
                    .iter()
                    .map(|&p| reports[p].2.row(&key).unwrap_or_default())
                    .collect(),
            ));
        }
        for (row, value, each) in sums {
            let mut all = each.clone();
            all.push(value);
            for column in shared_columns(&all) {
                let sum: u64 = each
                    .iter()
                    .filter_map(|c| c.column(column))
                    .map(u64::from)
                    .sum();
                let have = value.column(column).unwrap_or(0);
                if sum != u64::from(have) {
                    let label = row_label(&row, &|_, item| Some(item.to_owned()));
                    let whom = if column == "totalt" {
                        String::new()
                    } else {
                        format!(" ({})", column_word(column))
                    };
                    let mut cells: Vec<_> = parts.iter().map(|&p| cell(p, &row, column)).collect();
                    cells.push(cell(y, &row, column));
                    issues.push(issue(
                        y,
                        format!("{row}.{column}"),
                        format!(
                            "{label}{whom} för {} är {have}, men perioderna {part_words} ger {sum} tillsammans.",
                            words(y)
                        ),
                        cells,
                    ));
                }
            }
        }
        for column in shared_columns(&[whole.ongoing, reports[last].2.ongoing]) {
            let (Some(have), Some(want)) = (
                whole.ongoing.column(column),
                reports[last].2.ongoing.column(column),
            ) else {
                continue;
            };
            if have != want {
                issues.push(issue(
                    y,
                    format!("pagaende.{column}"),
                    format!(
                        "Pågående deltagare vid slutet av {} är {have}, men vid slutet av {} {want}.",
                        words(y),
                        words(last)
                    ),
                    vec![cell(y, "pagaende", column), cell(last, "pagaende", column)],
                ));
            }
        }
        let f = reports[first].2;
        for column in shared_columns(&[whole.total, whole.new, f.total, f.new]) {
            let get = |c: Counted| i64::from(c.column(column).unwrap_or(0));
            let have = get(whole.total) - get(whole.new);
            let want = get(f.total) - get(f.new);
            if have != want {
                issues.push(issue(
                    y,
                    format!("totalt.{column}"),
                    format!(
                        "{} börjar med {have} pågående (totalt − nya), men {} med {want}.",
                        words(y),
                        words(first)
                    ),
                    vec![
                        cell(y, "totalt", column),
                        cell(y, "nya", column),
                        cell(first, "totalt", column),
                        cell(first, "nya", column),
                    ],
                ));
            }
        }
    }
    group(issues)
}

/// One insats's reports summed over `from`–`to`: the report of exactly that period, or reports
/// that follow one another from its first day to its last (the longest that fits at each step):
/// their new, finished, outcomes, those with a plan and the NNS forms added, the participants as
/// the first's start and the new, the ongoing as the last's. None when the reports do not cover
/// the period.
pub fn over_period(reports: &[Dated<'_>], from: Date, to: Date) -> Option<ParticipantReport> {
    if let Some((_, _, r)) = reports.iter().find(|(f, t, _)| (*f, *t) == (from, to)) {
        return Some((*r).clone());
    }
    let parts: Vec<&ParticipantReport> = tiling(reports, from, to)?
        .into_iter()
        .map(|i| reports[i].2)
        .collect();
    let add = |rows: &mut Vec<(String, Counted)>, more: &[(String, Counted)]| {
        for (k, c) in more {
            match rows.iter_mut().find(|(key, _)| key == k) {
                Some((_, have)) => *have = plus(*have, *c),
                None => rows.push((k.clone(), *c)),
            }
        }
    };
    let first = parts[0];
    let mut out = ParticipantReport {
        ongoing: parts[parts.len() - 1].ongoing,
        ..Default::default()
    };
    let start = minus(first.total, first.new);
    let mut new = Counted {
        total: 0,
        split: Some([0; 3]),
    };
    let mut finished = new;
    for p in &parts {
        new = plus(new, p.new);
        finished = plus(finished, p.finished);
        add(&mut out.outcomes, &p.outcomes);
    }
    // Those with a plan and the NNS forms only when every part reports them.
    out.with_plan = parts
        .iter()
        .map(|p| p.with_plan)
        .reduce(|a, b| Some(plus(a?, b?)))
        .flatten();
    out.nns = parts
        .iter()
        .map(|p| p.nns)
        .reduce(|a, b| {
            let (a, b) = (a?, b?);
            Some(Nns {
                offered: a.offered + b.offered,
                answered: a.answered + b.answered,
            })
        })
        .flatten();
    out.new = new;
    out.finished = finished;
    out.total = plus(start, new);
    Some(out)
}

/// Two counts added, split only when both are.
fn plus(a: Counted, b: Counted) -> Counted {
    Counted {
        total: a.total.saturating_add(b.total),
        split: match (a.split, b.split) {
            (Some(x), Some(y)) => Some([x[0] + y[0], x[1] + y[1], x[2] + y[2]]),
            _ => None,
        },
    }
}

/// `a − b`, split only when both are, never below zero.
fn minus(a: Counted, b: Counted) -> Counted {
    Counted {
        total: a.total.saturating_sub(b.total),
        split: match (a.split, b.split) {
            (Some(x), Some(y)) => Some([
                x[0].saturating_sub(y[0]),
                x[1].saturating_sub(y[1]),
                x[2].saturating_sub(y[2]),
            ]),
            _ => None,
        },
    }
}

/// The shorter reports that together make the period `from`–`to`, one after the other from
/// its first day to its last, taking the longest that fits at each step (never a report of the
/// whole period itself); none when they do not.
fn tiling(reports: &[Dated<'_>], from: Date, to: Date) -> Option<Vec<usize>> {
    let mut parts = Vec::new();
    let mut cursor = from;
    loop {
        let next = reports
            .iter()
            .enumerate()
            .filter(|&(_, (f, t, _))| *f == cursor && *t <= to && (*f, *t) != (from, to))
            .max_by_key(|(_, (_, t, _))| *t)?;
        parts.push(next.0);
        let end = next.1.1;
        if end == to {
            return (parts.len() > 1).then_some(parts);
        }
        cursor = end.next_day()?;
    }
}

/// Groups the findings one wrong cell makes: findings that share cells are one group; when one
/// cell is in every finding of a group, the group is one root finding at that cell (the one
/// placed there, or else the first) with the others as its consequences.
fn group(issues: Vec<Issue>) -> Vec<(usize, Finding)> {
    let n = issues.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        parent[i] = r;
        r
    }
    for a in 0..n {
        for b in a + 1..n {
            if issues[a].cells.iter().any(|c| issues[b].cells.contains(c)) {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut of_root: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        match of_root[r] {
            Some(g) => groups[g].push(i),
            None => {
                of_root[r] = Some(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    let mut out = Vec::new();
    for members in groups {
        let common: Vec<&(usize, String)> = issues[members[0]]
            .cells
            .iter()
            .filter(|c| members.iter().all(|&m| issues[m].cells.contains(c)))
            .collect();
        if members.len() == 1 || common.is_empty() {
            for &m in &members {
                out.push((issues[m].report, issues[m].finding.clone()));
            }
            continue;
        }
        let placed_at = |m: usize| {
            common.iter().any(|(r, c)| {
                issues[m].report == *r && issues[m].finding.place == Place::Row(c.clone())
            })
        };
        let root = members
            .iter()
            .copied()
            .find(|&m| placed_at(m))
            .unwrap_or(members[0]);
        let mut finding = issues[root].finding.clone();
        let mut shown = issues[root].report;
        if let [(report, at)] = common.as_slice() {
            finding.place = Place::Row(at.clone());
            shown = *report;
        }
        finding.consequences = members
            .iter()
            .filter(|&&m| m != root)
            .map(|&m| issues[m].finding.clone())
            .collect();
        out.push((shown, finding));
    }
    out
}

/// Where a report stands on its way from the insatsägare to the kansli (Akvo RSR's updates):
/// utkast → inskickad → godkänd, or back as återsänd with the kansli's comment and in again. An
/// approved report is locked; reopening it is the kansli's, and audited by the caller. A report
/// whose figures do not agree can be sent in (the kansli sees the findings and returns it) but
/// not approved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approval {
    /// Being written by the insatsägare.
    Draft,
    /// Sent to the kansli.
    Submitted,
    /// Sent back by the kansli, with what to correct.
    Returned {
        /// The kansli's comment.
        comment: String,
    },
    /// Approved: the period is locked.
    Approved,
}

/// A step of a report's way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalStep {
    /// The insatsägare sends it in.
    Submit,
    /// The kansli sends it back with a comment.
    Return(String),
    /// The kansli approves it.
    Approve,
    /// The kansli opens an approved report again.
    Reopen,
}

impl Approval {
    /// The word: `utkast`, `inskickad`, `atersand`, `godkand`.
    pub fn word(&self) -> &'static str {
        match self {
            Approval::Draft => "utkast",
            Approval::Submitted => "inskickad",
            Approval::Returned { .. } => "atersand",
            Approval::Approved => "godkand",
        }
    }

    /// As people say it.
    pub fn label(&self) -> &'static str {
        match self {
            Approval::Draft => "utkast",
            Approval::Submitted => "inskickad",
            Approval::Returned { .. } => "återsänd",
            Approval::Approved => "godkänd",
        }
    }

    /// Whether the figures may be changed: a draft or a returned report, never one sent in or
    /// approved.
    pub fn editable(&self) -> bool {
        matches!(self, Approval::Draft | Approval::Returned { .. })
    }

    /// The state after `step`, or why the step cannot be taken now, in Swedish. A report is
    /// sent in with its findings (the kansli sees them), returned only with a comment, approved
    /// only when sent in and without findings (`findings`: how many root findings its checks
    /// give).
    pub fn after(&self, step: &ApprovalStep, findings: usize) -> Result<Approval, String> {
        match (self, step) {
            (Approval::Draft | Approval::Returned { .. }, ApprovalStep::Submit) => {
                Ok(Approval::Submitted)
            }
            (Approval::Submitted, ApprovalStep::Return(comment)) => {
                if comment.trim().is_empty() {
                    Err("Skriv vad som ska rättas när rapporten skickas tillbaka.".to_owned())
                } else {
                    Ok(Approval::Returned {
                        comment: comment.trim().to_owned(),
                    })
                }
            }
            (Approval::Submitted, ApprovalStep::Approve) => {
                if findings > 0 {
                    Err(format!(
                        "Rapporten har {findings} {} som inte stämmer; skicka tillbaka den med vad som ska rättas.",
                        if findings == 1 { "siffra" } else { "siffror" },
                    ))
                } else {
                    Ok(Approval::Approved)
                }
            }
            (Approval::Approved, ApprovalStep::Reopen) => Ok(Approval::Draft),
            (from, step) => Err(format!(
                "Rapporten är {}; {} går inte nu.",
                from.label(),
                match step {
                    ApprovalStep::Submit => "att skicka in den",
                    ApprovalStep::Return(_) => "att skicka tillbaka den",
                    ApprovalStep::Approve => "att godkänna den",
                    ApprovalStep::Reopen => "att öppna den igen",
                }
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// SOFINT's interim report, Coachingteamet January–June 2024, as printed: the agencies'
    /// programmes, work and studies counted together (13), back to the referring agency 22.
    fn sofint() -> ParticipantReport {
        crate::testing::sofint_half_year()
    }

    #[test]
    fn sofints_ongoing_65_is_the_one_finding_68_is_right() {
        let findings = sofint().check();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].place, Place::Row("pagaende.totalt".into()));
        assert!(
            findings[0]
                .message
                .contains("Pågående deltagare 65, men totalt 103 − avslutade 35 = 68"),
            "{}",
            findings[0].message
        );
        let mut fixed = sofint();
        fixed.ongoing = Counted::total(68);
        assert!(fixed.check().is_empty());
    }

    #[test]
    fn sofints_step_forward_is_37_per_cent_against_55() {
        let rate = sofint()
            .step_forward(&default_outcomes())
            .expect("some finished");
        assert_eq!(crate::format::percent(rate, 0), "37 %");
        let goal = Fraction::new(55, 100).expect("a share");
        assert!(rate < goal);
    }

    /// A consistent report: totals, splits, ongoing and outcomes all agree.
    fn consistent() -> impl Strategy<Value = ParticipantReport> {
        (0u32..60, 0u32..60, 0u32..5, 0u32..100)
            .prop_flat_map(|(w, m, o, f)| {
                let total = w + m + o;
                let finished = f.min(total);
                (Just((w, m, o, total, finished)), 0..=finished, 0..=total)
            })
            .prop_map(|((w, m, o, total, finished), to_work, new)| {
                // The finished split as far as each gender allows.
                let fw = finished.min(w);
                let fm = (finished - fw).min(m);
                let fo = finished - fw - fm;
                ParticipantReport {
                    total: Counted::split(total, w, m, o),
                    new: Counted::total(new),
                    finished: Counted::split(finished, fw, fm, fo),
                    ongoing: Counted::total(total - finished),
                    outcomes: vec![
                        ("arbete".into(), Counted::total(to_work)),
                        ("ovrigt".into(), Counted::total(finished - to_work)),
                    ],
                    ..Default::default()
                }
            })
    }

    #[test]
    fn a_report_goes_in_back_in_again_and_is_approved_then_locked() {
        let draft = Approval::Draft;
        let sent = draft.after(&ApprovalStep::Submit, 1).unwrap();
        let e = sent.after(&ApprovalStep::Approve, 1).unwrap_err();
        assert!(e.contains("1 siffra som inte stämmer"), "{e}");
        assert!(!sent.editable());
        assert!(sent.after(&ApprovalStep::Return("  ".into()), 0).is_err());
        let back = sent
            .after(&ApprovalStep::Return("Pågående ska vara 68.".into()), 0)
            .unwrap();
        assert!(back.editable());
        assert_eq!(back.label(), "återsänd");
        let again = back.after(&ApprovalStep::Submit, 0).unwrap();
        let approved = again.after(&ApprovalStep::Approve, 0).unwrap();
        assert!(!approved.editable(), "an approved period is locked");
        assert!(approved.after(&ApprovalStep::Submit, 0).is_err());
        assert!(
            Approval::Draft
                .after(&ApprovalStep::Approve, 0)
                .unwrap_err()
                .contains("utkast")
        );
        assert_eq!(
            approved.after(&ApprovalStep::Reopen, 0),
            Ok(Approval::Draft)
        );
    }

    proptest! {
        #[test]
        fn a_consistent_report_has_no_finding(r in consistent()) {
            prop_assert!(r.check().is_empty(), "{:?}", r.check());
        }

        /// Changing the ongoing, or any total of a split row, is found at that cell.
        #[test]
        fn a_changed_cell_is_found_where_it_is(r in consistent(), by in 1u32..5, which in 0usize..3) {
            let mut changed = r.clone();
            let cell = match which {
                0 => { changed.ongoing.total += by; "pagaende.totalt" }
                1 => { changed.total.split = changed.total.split.map(|[w, m, o]| [w + by, m, o]); "totalt.totalt" }
                _ => { changed.outcomes[0].1.total += by; "avslutade.totalt" }
            };
            let found = changed.check();
            prop_assert!(!found.is_empty());
            prop_assert!(found.iter().any(|f| f.place == Place::Row(cell.into())), "{found:?}");
        }
    }

    fn counted(s: [u32; 3]) -> Counted {
        Counted::split(s.iter().sum(), s[0], s[1], s[2])
    }

    fn add(a: [u32; 3], b: [u32; 3]) -> [u32; 3] {
        [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
    }

    fn sub(a: [u32; 3], b: [u32; 3]) -> [u32; 3] {
        [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    }

    /// A consistent year: four quarters and the year, every row split by gender, outcomes and
    /// age groups split too, each quarter starting with the last one's ongoing.
    fn consistent_year() -> impl Strategy<Value = Vec<(Date, Date, ParticipantReport)>> {
        (
            prop::array::uniform3(0u32..20),
            prop::collection::vec((prop::array::uniform3(0u32..15), 0u32..=10, 0u32..=10), 4),
        )
            .prop_map(|(start, quarters)| {
                let bounds = [
                    (day(2024, 1, 1), day(2024, 3, 31)),
                    (day(2024, 4, 1), day(2024, 6, 30)),
                    (day(2024, 7, 1), day(2024, 9, 30)),
                    (day(2024, 10, 1), day(2024, 12, 31)),
                ];
                let mut ongoing = start;
                let mut out = Vec::new();
                let (mut new_y, mut fin_y, mut work_y) = ([0; 3], [0; 3], [0; 3]);
                for (q, (new, leave, work)) in quarters.into_iter().enumerate() {
                    let total = add(ongoing, new);
                    let finished = total.map(|t| t * leave / 10);
                    let to_work = finished.map(|f| f * work / 10);
                    let young = total.map(|t| t / 3);
                    ongoing = sub(total, finished);
                    new_y = add(new_y, new);
                    fin_y = add(fin_y, finished);
                    work_y = add(work_y, to_work);
                    out.push((
                        bounds[q].0,
                        bounds[q].1,
                        ParticipantReport {
                            total: counted(total),
                            new: counted(new),
                            finished: counted(finished),
                            ongoing: counted(ongoing),
                            outcomes: vec![
                                ("arbete".into(), counted(to_work)),
                                ("ovrigt".into(), counted(sub(finished, to_work))),
                            ],
                            ages: vec![
                                ("16-29".into(), counted(young)),
                                ("30-64".into(), counted(sub(total, young))),
                            ],
                            ..Default::default()
                        },
                    ));
                }
                let total = add(start, new_y);
                let young = total.map(|t| t / 3);
                out.push((
                    day(2024, 1, 1),
                    day(2024, 12, 31),
                    ParticipantReport {
                        total: counted(total),
                        new: counted(new_y),
                        finished: counted(fin_y),
                        ongoing: counted(ongoing),
                        outcomes: vec![
                            ("arbete".into(), counted(work_y)),
                            ("ovrigt".into(), counted(sub(fin_y, work_y))),
                        ],
                        ages: vec![
                            ("16-29".into(), counted(young)),
                            ("30-64".into(), counted(sub(total, young))),
                        ],
                        ..Default::default()
                    },
                ));
                out
            })
    }

    fn series(year: &[(Date, Date, ParticipantReport)]) -> Vec<(usize, Finding)> {
        let dated: Vec<Dated<'_>> = year.iter().map(|(f, t, r)| (*f, *t, r)).collect();
        check_series(&dated)
    }

    #[test]
    fn a_quarter_that_does_not_start_where_the_last_ended_is_found() {
        let q1 = ParticipantReport {
            total: Counted::total(30),
            new: Counted::total(10),
            finished: Counted::total(5),
            ongoing: Counted::total(25),
            ..Default::default()
        };
        let q2 = ParticipantReport {
            total: Counted::total(32),
            new: Counted::total(5),
            finished: Counted::total(2),
            ongoing: Counted::total(30),
            ..Default::default()
        };
        let found = check_series(&[
            (day(2024, 1, 1), day(2024, 3, 31), &q1),
            (day(2024, 4, 1), day(2024, 6, 30), &q2),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(
            found[0].1.message.contains(
                "Perioden 2024-04-01–2024-06-30 börjar med 27 pågående (totalt 32 − nya 5), men perioden 2024-01-01–2024-03-31 slutade med 25."
            ),
            "{}",
            found[0].1.message
        );
    }

    proptest! {
        #[test]
        fn a_consistent_year_of_quarters_has_no_finding(year in consistent_year()) {
            let found = series(&year);
            prop_assert!(found.is_empty(), "{found:?}");
        }

        /// Any one cell of any report changed: exactly one root finding, shown with that
        /// report and placed at that cell, every other finding beneath it.
        #[test]
        fn one_changed_cell_is_one_root_finding_at_that_cell(
            year in consistent_year(),
            which in 0usize..5,
            pick in any::<prop::sample::Index>(),
            column in 0usize..4,
            by in 1u32..4,
        ) {
            let mut year = year;
            let rows: Vec<String> = year[which].2.rows().into_iter().map(|(k, _)| k).collect();
            let row = pick.get(&rows).clone();
            let col = COLUMNS[column];
            let c = year[which].2.row_mut(&row).expect("a row");
            if col == "totalt" {
                c.total += by;
            } else {
                let i = GENDERS.iter().find(|(_, w, _)| *w == col).unwrap().0;
                c.split.as_mut().unwrap()[i] += by;
            }
            let found = series(&year);
            prop_assert_eq!(found.len(), 1, "{:?}", found);
            prop_assert_eq!(found[0].0, which);
            prop_assert_eq!(&found[0].1.place, &Place::Row(format!("{row}.{col}")), "{:?}", found);
        }
    }

    proptest! {
        /// A year's quarters summed over the year are the year's own report, for every figure
        /// the registry reads (new, finished, outcomes, ongoing, participants).
        #[test]
        fn quarters_summed_over_the_year_are_the_year(year in consistent_year()) {
            let quarters: Vec<Dated<'_>> = year[..4].iter().map(|(f, t, r)| (*f, *t, r)).collect();
            let sum = over_period(&quarters, day(2024, 1, 1), day(2024, 12, 31)).expect("covered");
            let whole = &year[4].2;
            prop_assert_eq!(sum.total, whole.total);
            prop_assert_eq!(sum.new, whole.new);
            prop_assert_eq!(sum.finished, whole.finished);
            prop_assert_eq!(sum.ongoing, whole.ongoing);
            prop_assert_eq!(&sum.outcomes, &whole.outcomes);
            // A half-year is covered by two quarters; a period they do not tile is not.
            prop_assert!(over_period(&quarters, day(2024, 1, 1), day(2024, 6, 30)).is_some());
            prop_assert!(over_period(&quarters, day(2024, 2, 1), day(2024, 6, 30)).is_none());
        }
    }
}

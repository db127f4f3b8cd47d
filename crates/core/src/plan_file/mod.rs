//! The plan file: a TOML text that holds a whole [`Plan`]. Reading it gives the plan and a map
//! from places in the plan to positions in the file; every error has its position and a
//! Swedish message. Writing a plan gives a file that reads back to the same plan.
//! The format is described for users in `docs/planfil.md`.

mod messages;
mod raw;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::Spanned;

use crate::association::{Association, BoardSeats, Member, MemberKind, OrgNumber, Payer};
use crate::budget::{AmountSpec, Budget, Category, Line, Section, Total, Year, YearMonth};
use crate::fraction::{Fraction, Percent};
use crate::goals::{Assessment, Condition, Goal, GoalArea, Measure, Quantity, Thresholds};
use crate::location::Location;
use crate::money::{Money, Rounding};
use crate::plan::{Date, EquityBand, Plan, Rules};
use raw::{RawNum, RawYearly, YearTable};

pub use write::{line_toml, to_toml};

/// A byte range in the plan file.
pub type Span = Range<usize>;

/// Something in the file that keeps it from being read, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Where in the file (bytes).
    pub span: Span,
    /// What is wrong and how to fix it, in Swedish.
    pub message: String,
}

/// Where the parts of a plan stand in the file it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    spans: HashMap<Location, Span>,
}

impl SourceMap {
    fn put(&mut self, at: Location, span: Span) {
        self.spans.insert(at, span);
    }

    /// The position of `at`, or of the nearest enclosing place that has one.
    pub fn span(&self, at: Location) -> Option<Span> {
        let mut cur = Some(at);
        while let Some(l) = cur {
            if let Some(s) = self.spans.get(&l) {
                return Some(s.clone());
            }
            cur = l.parent();
        }
        None
    }
}

/// A plan and where its parts stand in the file.
#[derive(Clone, Debug)]
pub struct LoadedPlan {
    /// The plan.
    pub plan: Plan,
    /// Positions in the file.
    pub sources: SourceMap,
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    (line, col)
}

/// The most errors a read reports one by one; the rest are counted in one closing error. A file
/// with a hundred errors is the wrong file or a broken export, and a list of 140 000 would cost
/// more to show than to find.
pub const MAX_ERRORS: usize = 100;

/// The largest plan file read, in bytes: 2 MiB, some 250 times SOFINT's plan (8 kB) and room for
/// the 10 000-line plan of the benchmark (1.5 MB). A larger file is refused before it is parsed.
pub const MAX_PLAN_BYTES: usize = 2 * 1024 * 1024;

/// Reads a plan file's bytes: they must be UTF-8 text.
pub fn read_bytes(bytes: &[u8]) -> Result<LoadedPlan, Vec<ReadError>> {
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(vec![too_large(bytes.len())]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read(text),
        Err(e) => {
            let at = e.valid_up_to();
            Err(vec![ReadError {
                span: at..at.saturating_add(1).min(bytes.len()),
                message: format!(
                    "filen är inte text i UTF-8 (byte {} går inte att läsa). En planfil är en textfil; spara den som UTF-8.",
                    at + 1
                ),
            }])
        }
    }
}

fn too_large(len: usize) -> ReadError {
    ReadError {
        span: 0..0,
        message: format!(
            "filen är {} kB; en planfil får vara högst {} kB. Kontrollera att det är rätt fil.",
            len / 1024,
            MAX_PLAN_BYTES / 1024
        ),
    }
}

/// Reads a plan file's text. At most [`MAX_ERRORS`] errors are reported one by one.
pub fn read(text: &str) -> Result<LoadedPlan, Vec<ReadError>> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(vec![too_large(text.len())]);
    }
    // A byte-order mark from Windows editors is three bytes; three spaces keep every offset.
    let owned;
    let text = if let Some(rest) = text.strip_prefix('\u{feff}') {
        owned = format!("   {rest}");
        owned.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(vec![ReadError {
            span: 0..0,
            message: "filen är tom. En planfil börjar med title = \"…\" och tabellerna [association] och [budget]; se docs/planfil.md.".into(),
        }]);
    }
    if let Some(nul) = text.find('\0') {
        return Err(vec![ReadError {
            span: nul..nul + 1,
            message: "filen innehåller nolltecken och är inte en textfil. Kontrollera att du valt rätt fil.".into(),
        }]);
    }
    let raw: raw::RawPlan = toml::from_str(text).map_err(|e| {
        vec![ReadError {
            span: e.span().unwrap_or(0..0),
            message: messages::swedish(e.message()),
        }]
    })?;
    let mut r = Reader::default();
    let plan = r.plan(raw);
    if let Some(first) = r.first_untold.take() {
        r.errors.push(ReadError {
            span: first,
            message: format!(
                "och {} fel till, det första här; rätta felen ovan och läs in filen igen",
                r.untold
            ),
        });
    }
    if r.errors.is_empty() {
        Ok(LoadedPlan {
            plan,
            sources: r.map,
        })
    } else {
        Err(r.errors)
    }
}

#[derive(Default)]
struct Reader {
    errors: Vec<ReadError>,
    /// Errors past [`MAX_ERRORS`]: how many, and where the first was.
    untold: usize,
    first_untold: Option<Span>,
    map: SourceMap,
}

fn words<T: Copy>(all: &[(T, &str)]) -> String {
    all.iter()
        .map(|(_, w)| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Reader {
    fn fail(&mut self, span: Span, message: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(ReadError {
                span,
                message: message.into(),
            });
        } else {
            self.untold += 1;
            self.first_untold.get_or_insert(span);
        }
    }

    fn money(&mut self, n: &Spanned<RawNum>) -> Money {
        match Money::parse(&n.get_ref().0) {
            Ok(m) => m,
            Err(e) => {
                self.fail(
                    n.span(),
                    format!("{e}; skriv beloppet som t.ex. \"3 600 000\", \"-108 325\" eller \"1 234,50\""),
                );
                Money::ZERO
            }
        }
    }

    fn percent(&mut self, n: &Spanned<RawNum>) -> Percent {
        Percent::parse(&n.get_ref().0).unwrap_or_else(|e| {
            self.fail(
                n.span(),
                format!("{e}; skriv procentsatsen som t.ex. \"20 %\" eller \"2,5\""),
            );
            Percent::default()
        })
    }

    fn year(&mut self, v: i64, span: Span) -> Year {
        match i32::try_from(v) {
            Ok(y) if (1900..=2999).contains(&y) => y,
            _ => {
                self.fail(
                    span,
                    format!("{v} är inget rimligt årtal; skriv året med fyra siffror, t.ex. 2024"),
                );
                0
            }
        }
    }

    fn year_key(&mut self, key: &str, span: Span) -> Year {
        match key.parse::<i64>() {
            Ok(v) => self.year(v, span),
            Err(_) => {
                self.fail(span, format!("\"{key}\" är inget årtal; nycklarna i en årstabell är år, t.ex. {{ 2024 = \"900 000\" }}"));
                0
            }
        }
    }

    fn year_table(
        &mut self,
        t: &YearTable,
        at: impl Fn(Year) -> Location,
    ) -> BTreeMap<Year, Money> {
        let mut out = BTreeMap::new();
        for (k, v) in t {
            let y = self.year_key(k, v.span());
            let m = self.money(v);
            self.map.put(at(y), v.span());
            out.insert(y, m);
        }
        out
    }

    fn choice<T: Copy>(
        &mut self,
        s: &Spanned<String>,
        from_word: fn(&str) -> Option<T>,
        all: &[(T, &str)],
        what: &str,
    ) -> Option<T> {
        let v = from_word(s.get_ref());
        if v.is_none() {
            self.fail(
                s.span(),
                format!(
                    "okänd {what} \"{}\"; välj en av {}",
                    s.get_ref(),
                    words(all)
                ),
            );
        }
        v
    }

    fn plan(&mut self, raw: raw::RawPlan) -> Plan {
        self.map.put(Location::Plan, raw.title.span());
        let decided = raw.decided.as_ref().and_then(|d| self.date(d));
        let association = self.association(raw.association);
        let rules = raw.rules.map(|r| self.rules(r)).unwrap_or_default();
        let budget = self.budget(raw.budget);
        let goal_areas = raw
            .goal_areas
            .into_iter()
            .enumerate()
            .map(|(ai, a)| self.goal_area(ai, a))
            .collect();
        Plan {
            title: raw.title.into_inner(),
            decided,
            association,
            budget,
            rules,
            goal_areas,
        }
    }

    fn date(&mut self, d: &Spanned<toml::value::Datetime>) -> Option<Date> {
        let dt = d.get_ref();
        let date = match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => time::Month::try_from(date.month)
                .ok()
                .and_then(|m| Date::from_calendar_date(i32::from(date.year), m, date.day).ok()),
            _ => None,
        };
        if date.is_none() {
            self.fail(
                d.span(),
                "skriv datumet utan klockslag och utan citattecken, t.ex. decided = 2023-11-17",
            );
        }
        date
    }

    fn association(&mut self, a: Spanned<raw::RawAssociation>) -> Association {
        self.map.put(Location::Association, a.span());
        let a = a.into_inner();
        self.map.put(Location::OrgNumber, a.org_number.span());
        let org_number = OrgNumber::parse(a.org_number.get_ref()).unwrap_or_else(|e| {
            self.fail(
                a.org_number.span(),
                format!(
                    "organisationsnumret \"{}\" är fel: {e}",
                    a.org_number.get_ref()
                ),
            );
            OrgNumber::parse("222000-1818").unwrap_or_else(|_| unreachable!("a valid number"))
        });
        let members = a
            .members
            .into_iter()
            .enumerate()
            .filter_map(|(i, m)| self.member(i, m))
            .collect();
        Association {
            name: a.name.into_inner(),
            org_number,
            members,
        }
    }

    fn member(&mut self, i: usize, m: Spanned<raw::RawMember>) -> Option<Member> {
        self.map.put(Location::Member(i), m.span());
        let m = m.into_inner();
        let kind = self.choice(
            &m.kind,
            MemberKind::from_word,
            &MemberKind::ALL,
            "medlemstyp",
        );
        let share = m.share.as_ref().and_then(|s| {
            self.map.put(Location::MemberShare(i), s.span());
            Fraction::parse_share(s.get_ref())
                .map_err(|e| self.fail(s.span(), format!("andelen \"{}\": {e}", s.get_ref())))
                .ok()
        });
        let board = m.board.map(|b| {
            self.map.put(Location::MemberBoard(i), b.span());
            let b = b.into_inner();
            BoardSeats {
                member: b.member,
                deputy: b.deputy,
            }
        });
        Some(Member {
            key: m.key.into_inner(),
            name: m.name.into_inner(),
            kind: kind?,
            share,
            board,
        })
    }

    fn rules(&mut self, r: Spanned<raw::RawRules>) -> Rules {
        self.map.put(Location::Rules, r.span());
        let r = r.into_inner();
        let mut rules = Rules::default();
        if let Some(p) = &r.equity_recommendation {
            self.map.put(Location::EquityRecommendation, p.span());
            rules.equity_recommendation = self.percent(p);
        }
        if let Some(p) = &r.administration_share_max {
            self.map.put(Location::AdministrationShareMax, p.span());
            rules.administration_share_max = Some(self.percent(p));
        }
        if let Some(cats) = &r.administration_categories {
            rules.administration_categories = cats
                .iter()
                .filter_map(|c| self.choice(c, Category::from_word, &Category::ALL, "kategori"))
                .collect();
        }
        if let Some(b) = &r.equity_band {
            self.map.put(Location::EquityBand, b.span());
            let band = b.get_ref();
            let (min, max) = (self.money(&band.min), self.money(&band.max));
            if min > max {
                self.fail(
                    b.span(),
                    "lägsta nivån (min) är större än högsta (max); byt plats på dem",
                );
            }
            rules.equity_band = Some(EquityBand { min, max });
        }
        rules
    }

    fn budget(&mut self, b: Spanned<raw::RawBudget>) -> Budget {
        let b = b.into_inner();
        self.map.put(Location::Years, b.years.span());
        let years = b
            .years
            .get_ref()
            .iter()
            .map(|y| self.year(*y.get_ref(), y.span()))
            .collect();
        self.map
            .put(Location::OpeningEquity, b.opening_equity.span());
        let opening_equity = self.money(&b.opening_equity);
        let contributions = match b.contributions {
            None => BTreeMap::new(),
            Some(c) => {
                self.map.put(Location::Contributions(None), c.span());
                match c.get_ref() {
                    RawYearly::All(n) => {
                        let m = self.money(&Spanned::new(c.span(), n.clone()));
                        // One amount for every plan year.
                        b.years
                            .get_ref()
                            .iter()
                            .filter_map(|y| i32::try_from(*y.get_ref()).ok())
                            .map(|y| (y, m))
                            .collect()
                    }
                    RawYearly::PerYear(t) => {
                        self.year_table(t, |y| Location::Contributions(Some(y)))
                    }
                }
            }
        };
        let mut printed = BTreeMap::new();
        if let Some(p) = b.printed {
            let p = p.into_inner();
            for (total, table) in [
                (Total::Income, p.income),
                (Total::Costs, p.costs),
                (Total::OperatingResult, p.operating_result),
                (Total::FinancialNet, p.financial_net),
                (Total::Result, p.result),
                (Total::EquityOpening, p.equity_opening),
                (Total::EquityClosing, p.equity_closing),
            ] {
                if let Some(t) = table {
                    let values = self.year_table(t.get_ref(), |y| Location::Printed(total, y));
                    printed.insert(total, values);
                }
            }
        }
        let sections = b
            .sections
            .into_iter()
            .enumerate()
            .map(|(si, s)| self.section(si, s))
            .collect();
        Budget {
            years,
            opening_equity,
            contributions,
            sections,
            printed,
        }
    }

    fn section(&mut self, si: usize, s: Spanned<raw::RawSection>) -> Section {
        let s = s.into_inner();
        self.map.put(Location::Section(si), s.name.span());
        let printed_sum = s
            .sum
            .map(|t| self.year_table(t.get_ref(), |y| Location::SectionSum(si, y)))
            .unwrap_or_default();
        let lines = s
            .lines
            .into_iter()
            .enumerate()
            .filter_map(|(li, l)| self.line(si, li, l))
            .collect();
        Section {
            name: s.name.into_inner(),
            lines,
            printed_sum,
        }
    }

    fn line(&mut self, si: usize, li: usize, l: Spanned<raw::RawLine>) -> Option<Line> {
        let line_span = l.span();
        let l = l.into_inner();
        self.map.put(Location::Line(si, li), l.name.span());
        let category = self.choice(&l.category, Category::from_word, &Category::ALL, "kategori");
        let payer = l.payer.map(|p| {
            self.map.put(Location::LinePayer(si, li), p.span());
            Payer::from_word(p.get_ref())
        });
        let given: Vec<(&str, Span)> = [
            l.amount.as_ref().map(|a| ("amount", a.span())),
            l.amounts.as_ref().map(|a| ("amounts", a.span())),
            l.monthly.as_ref().map(|a| ("monthly", a.span())),
            l.indexed.as_ref().map(|a| ("indexed", a.span())),
            l.derived.as_ref().map(|a| ("derived", a.span())),
        ]
        .into_iter()
        .flatten()
        .collect();
        let name = l.name.get_ref();
        match given.as_slice() {
            [] => {
                self.fail(line_span.start..line_span.start, format!(
                    "raden \"{name}\" saknar belopp; ange ett av amount, amounts, monthly, indexed eller derived = true"
                ));
                return None;
            }
            [(_, span)] => self.map.put(Location::LineAmount(si, li), span.clone()),
            [_, (_, span), ..] => {
                self.fail(
                    span.clone(),
                    format!(
                        "raden \"{name}\" anger belopp på flera sätt ({}); behåll bara ett",
                        given.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                    ),
                );
                return None;
            }
        }
        let amount = if let Some(a) = &l.amount {
            AmountSpec::Fixed(self.money(a))
        } else if let Some(t) = &l.amounts {
            AmountSpec::PerYear(self.year_table(t.get_ref(), |y| Location::LineYear(si, li, y)))
        } else if let Some(m) = &l.monthly {
            let m = m.get_ref();
            let month = |r: &mut Self, s: &Spanned<String>| {
                YearMonth::parse(s.get_ref()).or_else(|| {
                    r.fail(
                        s.span(),
                        format!(
                            "\"{}\" är ingen månad; skriv år och månad, t.ex. \"2024-03\"",
                            s.get_ref()
                        ),
                    );
                    None
                })
            };
            let from = month(self, &m.from);
            let to = m.to.as_ref().map(|t| month(self, t));
            AmountSpec::Monthly {
                per_month: self.money(&m.amount),
                from: from.unwrap_or(YearMonth { year: 0, month: 1 }),
                to: to.flatten(),
                fixed_per_year: m.fixed.as_ref().map(|f| self.money(f)).unwrap_or_default(),
            }
        } else if let Some(ix) = &l.indexed {
            let ix = ix.get_ref();
            let rounding = match &ix.rounding {
                Some(r) => self
                    .choice(r, Rounding::from_word, &Rounding::ALL, "avrundning")
                    .unwrap_or_default(),
                None => Rounding::default(),
            };
            AmountSpec::Indexed {
                base: self.money(&ix.base),
                base_year: ix
                    .base_year
                    .as_ref()
                    .map(|y| self.year(*y.get_ref(), y.span())),
                percent: self.percent(&ix.percent),
                rounding,
                overrides: ix
                    .overrides
                    .as_ref()
                    .map(|t| self.year_table(t.get_ref(), |y| Location::LineYear(si, li, y)))
                    .unwrap_or_default(),
            }
        } else {
            if l.derived.as_ref().is_some_and(|d| !*d.get_ref()) {
                let span = l.derived.as_ref().map(Spanned::span).unwrap_or_default();
                self.fail(span, "derived = false betyder ingenting; ta bort raden derived eller skriv derived = true");
            }
            AmountSpec::Derived
        };
        Some(Line {
            name: l.name.into_inner(),
            category: category?,
            payer,
            amount,
            note: l.note,
        })
    }

    fn goal_area(&mut self, ai: usize, a: Spanned<raw::RawGoalArea>) -> GoalArea {
        let a = a.into_inner();
        self.map.put(Location::GoalArea(ai), a.name.span());
        let goals = a
            .goals
            .into_iter()
            .enumerate()
            .map(|(gi, g)| {
                let g = g.into_inner();
                self.map.put(Location::Goal(ai, gi), g.text.span());
                let measures = g
                    .measures
                    .into_iter()
                    .enumerate()
                    .map(|(mi, m)| self.measure(ai, gi, mi, m))
                    .collect();
                Goal {
                    text: g.text.into_inner(),
                    measures,
                }
            })
            .collect();
        GoalArea {
            name: a.name.into_inner(),
            goals,
        }
    }

    fn measure(&mut self, ai: usize, gi: usize, mi: usize, m: Spanned<raw::RawMeasure>) -> Measure {
        let m = m.into_inner();
        self.map.put(Location::Measure(ai, gi, mi), m.text.span());
        let condition = |r: &mut Self, c: &Option<Spanned<String>>| {
            c.as_ref().and_then(|c| {
                Condition::parse(c.get_ref())
                    .map_err(|e| r.fail(c.span(), format!("\"{}\": {e}", c.get_ref())))
                    .ok()
            })
        };
        let fulfilled = condition(self, &m.fulfilled);
        let partly = condition(self, &m.partly);
        let thresholds = match (&m.fulfilled, &m.partly) {
            (None, None) => None,
            (Some(_), _) => fulfilled.map(|fulfilled| Thresholds { fulfilled, partly }),
            (None, Some(s)) => {
                self.fail(s.span(), "partly kräver att även fulfilled anges, t.ex. fulfilled = \"> 90\" och partly = \">= 75\"");
                None
            }
        };
        let value = m.value.as_ref().and_then(|v| {
            Quantity::parse(&v.get_ref().0)
                .map_err(|e| self.fail(v.span(), format!("värdet: {e}")))
                .ok()
        });
        let assessment = m
            .assessment
            .as_ref()
            .and_then(|a| self.choice(a, Assessment::from_word, &Assessment::ALL, "bedömning"));
        Measure {
            text: m.text.into_inner(),
            thresholds,
            unit: m.unit,
            value,
            assessment,
            comment: m.comment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nnamn = \"Ö\" x\n";
        let off = src.find('x').expect("x");
        assert_eq!(line_col(src, off), (2, 12));
        assert_eq!(line_col(src, 0), (1, 1));
    }
}

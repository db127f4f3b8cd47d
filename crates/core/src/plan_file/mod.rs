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
use crate::budget::{
    AmountSpec, Budget, Category, Line, MAX_SECTION_DEPTH, OpeningParts, Section, Total, Year,
    YearMonth,
};
use crate::computed::{ComputedFigure, FigureRef, Period};
use crate::format::Unit;
use crate::fraction::{Fraction, Percent};
use crate::goals::{Assessment, Condition, Goal, GoalArea, Measure, Quantity, Thresholds};
use crate::location::Location;
use crate::money::{Money, Rounding};
use crate::plan::{Date, EquityBand, EquityGoal, EquityLevel, Plan, Rules};
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
    if let (Some(all), Some(_)) = (r.all_payer.clone(), r.member_payer.clone()) {
        r.fail(
            all,
            "payer = \"alla\" är en rad för alla medlemmars bidrag tillsammans, men planen har också medlemsbidrag för enskilda medlemmar eller parter; använd antingen en rad med payer = \"alla\" eller en rad per medlem",
        );
    }
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
    /// The unit the file writes its amounts in.
    unit: Unit,
    /// Where the equity goal's year stands, to refuse a year outside the plan.
    goal_year_span: Option<Span>,
    /// The first contribution line paid by all members, and the first paid by one member or
    /// party: a plan has one or the other.
    all_payer: Option<Span>,
    member_payer: Option<Span>,
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
        match Money::parse_in(&n.get_ref().0, self.unit) {
            Ok(m) => m,
            Err(e) => {
                let hint = match self.unit {
                    Unit::Kr => {
                        "skriv beloppet som t.ex. \"3 600 000\", \"-108 325\" eller \"1 234,50\""
                    }
                    Unit::Tkr => {
                        "planen anger unit = \"tkr\": skriv beloppet i tusental kronor, t.ex. \"3 600\" eller \"-108,325\" (högst tre decimaler, dvs. hela kronor)"
                    }
                };
                self.fail(n.span(), format!("{e}; {hint}"));
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
        // Every amount of the file is in its unit, the rules' too: read it first.
        if let Some(u) = &raw.budget.get_ref().unit {
            self.map.put(Location::Unit, u.span());
            if let Some(unit) = self.choice(u, Unit::from_word, &Unit::ALL, "enhet") {
                self.unit = unit;
            }
        }
        let decided = raw.decided.as_ref().and_then(|d| self.date(d));
        let association = self.association(raw.association);
        let rules = raw.rules.map(|r| self.rules(r)).unwrap_or_default();
        let budget = self.budget(raw.budget);
        self.check_goal_year(&rules, &budget);
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
        let org_number = a.org_number.as_ref().and_then(|o| {
            self.map.put(Location::OrgNumber, o.span());
            OrgNumber::parse(o.get_ref())
                .map_err(|e| {
                    self.fail(
                        o.span(),
                        format!("organisationsnumret \"{}\" är fel: {e}", o.get_ref()),
                    );
                })
                .ok()
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
            let min = band.min.as_ref().map(|m| self.money(m));
            let max = band.max.as_ref().map(|m| self.money(m));
            match (min, max) {
                (None, None) => self.fail(
                    b.span(),
                    "intervallet saknar gränser; ange min, max eller båda, t.ex. { min = \"200 000\", max = \"720 000\" }",
                ),
                (Some(a), Some(b2)) if a > b2 => self.fail(
                    b.span(),
                    "lägsta nivån (min) är större än högsta (max); byt plats på dem",
                ),
                _ => {}
            }
            rules.equity_band = Some(EquityBand { min, max });
        }
        if let Some(b) = &r.liquidity_buffer {
            self.map.put(Location::LiquidityBuffer, b.span());
            let m = self.money(b);
            if m.is_negative() {
                self.fail(
                    b.span(),
                    "likviditetsbufferten är ett belopp förbundet håller i reserv och kan inte vara negativ",
                );
            }
            rules.liquidity_buffer = Some(m);
        }
        if let Some(g) = &r.equity_goal {
            self.map.put(Location::EquityGoal, g.span());
            let raw_goal = g.get_ref();
            let year = self.year(*raw_goal.year.get_ref(), raw_goal.year.span());
            let text = raw_goal.level.get_ref().0.trim();
            let level = if text.ends_with('%') {
                EquityLevel::Share(self.percent(&raw_goal.level))
            } else {
                EquityLevel::Amount(self.money(&raw_goal.level))
            };
            self.goal_year_span = Some(raw_goal.year.span());
            rules.equity_goal = Some(EquityGoal { year, level });
        }
        rules
    }

    /// The equity goal's year must be one of the plan years, or the path cannot reach it.
    fn check_goal_year(&mut self, rules: &Rules, budget: &Budget) {
        let (Some(goal), Some(span)) = (rules.equity_goal, self.goal_year_span.clone()) else {
            return;
        };
        let (Some(first), Some(last)) = (budget.years.first(), budget.years.last()) else {
            return;
        };
        if goal.year != 0 && !budget.years.contains(&goal.year) {
            self.fail(
                span,
                format!(
                    "målåret {} för eget kapital ligger utanför planåren {first}–{last}; välj ett av planåren",
                    goal.year
                ),
            );
        }
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
        let (opening_equity, opening_parts) = match b.opening_equity.get_ref() {
            raw::RawOpening::Amount(n) => (
                self.money(&Spanned::new(b.opening_equity.span(), n.clone())),
                None,
            ),
            raw::RawOpening::Parts(p) => {
                let parts = OpeningParts {
                    closed: self.money(&p.closed),
                    forecast: self.money(&p.forecast),
                };
                let sum = parts
                    .closed
                    .checked_add(parts.forecast)
                    .unwrap_or_else(|_| {
                        self.fail(
                            b.opening_equity.span(),
                            "delarna av det ingående egna kapitalet blir för stora att lägga ihop",
                        );
                        Money::ZERO
                    });
                (sum, Some(parts))
            }
        };
        let state_allocation = match &b.state_allocation {
            None => BTreeMap::new(),
            Some(a) => {
                self.map.put(Location::StateAllocation(None), a.span());
                self.yearly(a, b.years.get_ref(), |y| Location::StateAllocation(Some(y)))
            }
        };
        let printed_outdated = b.printed_outdated.as_ref().is_some_and(|p| *p.get_ref());
        let contributions = match &b.contributions {
            None => BTreeMap::new(),
            Some(c) => {
                self.map.put(Location::Contributions(None), c.span());
                self.yearly(c, b.years.get_ref(), |y| Location::Contributions(Some(y)))
            }
        };
        let mut printed = BTreeMap::new();
        let mut printed_equity_ratio = BTreeMap::new();
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
            if let Some(t) = p.equity_ratio {
                for (k, v) in t.get_ref() {
                    let y = self.year_key(k, v.span());
                    self.map.put(Location::PrintedEquityRatio(y), v.span());
                    let pct = self.percent(v);
                    printed_equity_ratio.insert(y, pct);
                }
            }
        }
        let mut sections = Vec::new();
        for s in b.sections {
            self.section(s, None, 1, &mut sections);
        }
        Budget {
            unit: self.unit,
            years,
            opening_equity,
            opening_parts,
            contributions,
            state_allocation,
            sections,
            printed,
            printed_equity_ratio,
            printed_outdated,
        }
    }

    /// One amount for every plan year, or a table per year.
    fn yearly(
        &mut self,
        c: &Spanned<RawYearly>,
        years: &[Spanned<i64>],
        at: impl Fn(Year) -> Location,
    ) -> BTreeMap<Year, Money> {
        match c.get_ref() {
            RawYearly::All(n) => {
                let m = self.money(&Spanned::new(c.span(), n.clone()));
                years
                    .iter()
                    .filter_map(|y| i32::try_from(*y.get_ref()).ok())
                    .map(|y| (y, m))
                    .collect()
            }
            RawYearly::PerYear(t) => self.year_table(t, at),
        }
    }

    /// Reads a section and its subsections into `out`, the section first.
    fn section(
        &mut self,
        s: Spanned<raw::RawSection>,
        parent: Option<usize>,
        depth: usize,
        out: &mut Vec<Section>,
    ) {
        let s = s.into_inner();
        let si = out.len();
        self.map.put(Location::Section(si), s.name.span());
        if depth > MAX_SECTION_DEPTH {
            self.fail(
                s.name.span(),
                format!(
                    "avsnittet \"{}\" ligger på nivå {depth}; avsnitt kan ha underavsnitt i högst {MAX_SECTION_DEPTH} nivåer ([[budget.section]], [[budget.section.section]] och [[budget.section.section.section]]). Flytta upp det en nivå",
                    s.name.get_ref()
                ),
            );
        }
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
        out.push(Section {
            name: s.name.into_inner(),
            lines,
            printed_sum,
            parent,
        });
        for sub in s.sections {
            self.section(sub, Some(si), depth + 1, out);
        }
    }

    fn line(&mut self, si: usize, li: usize, l: Spanned<raw::RawLine>) -> Option<Line> {
        let line_span = l.span();
        let l = l.into_inner();
        self.map.put(Location::Line(si, li), l.name.span());
        let category = self.choice(&l.category, Category::from_word, &Category::ALL, "kategori");
        let payer = l.payer.as_ref().map(|p| {
            self.map.put(Location::LinePayer(si, li), p.span());
            let payer = Payer::from_word(p.get_ref());
            if category == Some(Category::MemberContribution) {
                if payer == Payer::All {
                    self.all_payer.get_or_insert(p.span());
                } else {
                    self.member_payer.get_or_insert(p.span());
                }
            }
            payer
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
            committed: l.committed,
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
        let figure = self.figure_ref(&m);
        Measure {
            text: m.text.into_inner(),
            thresholds,
            unit: m.unit,
            value,
            assessment,
            comment: m.comment,
            figure,
        }
    }

    /// A measurement point's `figure` and `period`: both or neither, and no written value.
    fn figure_ref(&mut self, m: &raw::RawMeasure) -> Option<FigureRef> {
        let f = match (&m.figure, &m.period) {
            (None, None) => return None,
            (Some(f), Some(_)) => f,
            (Some(f), None) => {
                self.fail(f.span(), "figure kräver period, den period talet gäller: ett år (\"2024\") eller ett halvår (\"2024-H1\")");
                return None;
            }
            (None, Some(p)) => {
                self.fail(p.span(), "period hör ihop med figure, ett tal som Finsam räknar fram, t.ex. figure = \"administrationsandel\"");
                return None;
            }
        };
        if let Some(v) = &m.value {
            self.fail(
                v.span(),
                "mätpunkten hämtar sitt värde från figure; ta bort value (eller figure och period)",
            );
        }
        let figure = self.choice(
            f,
            ComputedFigure::from_word,
            &ComputedFigure::ALL,
            "beräkning",
        );
        let p = m.period.as_ref()?;
        let period = Period::parse(p.get_ref());
        if period.is_none() {
            self.fail(
                p.span(),
                format!("\"{}\" är ingen period; skriv ett år, \"2024\", eller ett halvår, \"2024-H1\" eller \"2024-H2\"", p.get_ref()),
            );
        }
        Some(FigureRef {
            figure: figure?,
            period: period?,
        })
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

//! The förbund's settings and its board meetings as use cases: the settings read (defaults until
//! saved) and saved from their form (checked by core, refused field by field in Swedish, nothing
//! saved), a meeting added, and a meeting's record: the decisions taken there, under their
//! paragraphs, on applications and on plans.

use finsam_core::Money;
use finsam_core::insats::reports::{Interval, ReportKind};
use finsam_core::insats::serial::parse_day;
use finsam_core::insats::settings::{Round, Settings};
use finsam_core::insats::workflow::{DecidedBy, Decision};
use finsam_core::meeting::{AgendaItem, AgendaKind, Clock, Kind, Meeting};
use finsam_core::participants::{OutcomeKind, ParticipantSettings, item_key};
use finsam_core::plan::Date;
use finsam_store::{
    ApplicationId, Association, PlanVersion, StoreError, StoredMeeting, StoredSettings,
};

use crate::App;
use crate::plan_edit::{Fields, get};

/// Why a form was not saved (nothing was).
#[derive(Debug)]
pub enum FormError {
    /// The fields that are wrong: (field name, Swedish message).
    Fields(Vec<(String, String)>),
    /// Someone saved since the form was read.
    Conflict,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for FormError {
    fn from(e: StoreError) -> FormError {
        match e {
            StoreError::Conflict { .. } => FormError::Conflict,
            e => FormError::Store(e),
        }
    }
}

/// The lines of a text area, trimmed, empty ones left out.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The settings as their form shows them: (field name, value).
pub fn settings_fields(s: &Settings) -> Fields {
    let rounds: Vec<String> = s
        .rounds
        .iter()
        .map(|r| format!("{}; {}; {}", r.name, r.closes, r.meeting))
        .collect();
    let reports: Vec<String> = s
        .report_kinds
        .iter()
        .map(|k| format!("{}; {}; {}", k.name, k.interval.noun(), k.days_after))
        .collect();
    vec![
        ("malgrupper".into(), s.target_groups.join("\n")),
        ("svarstid".into(), s.answer_months.to_string()),
        ("avtalstid".into(), s.agreement_months.to_string()),
        (
            "delegation".into(),
            finsam_core::format::kr(s.delegation_limit),
        ),
        ("diarieformat".into(), s.case_format.clone()),
        ("omgangar".into(), rounds.join("\n")),
        ("ord".into(), s.payment_words.join("\n")),
        ("rapporter".into(), reports.join("\n")),
        (
            "fortsattning".into(),
            if s.continuation_required { "ja" } else { "" }.into(),
        ),
        (
            "utfall".into(),
            s.participants
                .outcomes
                .iter()
                .map(|o| format!("{}; {}; {}", o.name, o.key, o.tags().join(", ")))
                .map(|l| l.trim_end_matches([';', ' ']).to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("aldersgrupper".into(), s.participants.age_groups.join("\n")),
        (
            "sysselsattningar".into(),
            s.participants.occupations.join("\n"),
        ),
        ("forsorjningar".into(), s.participants.supports.join("\n")),
        ("smatal".into(), s.participants.small_numbers.to_string()),
        (
            "registerkolumner".into(),
            s.participants
                .register_columns
                .iter()
                .map(|c| format!("{}; {}", c.heading, c.source))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ]
}

/// The participant lists of the settings form: outcomes as `name; key; tags` (the key, which
/// the reports are stored by, made from the name when left out, so a renamed outcome keeps its
/// figures; the tags `steg`, `arbete-studier`, `förtid` comma-separated), the others a name per
/// line with keys from the names;
/// each key once. An empty list of outcomes, occupations or supports is the default list, an
/// empty threshold 5.
fn participant_settings(
    fields: &Fields,
    errors: &mut Vec<(String, String)>,
) -> ParticipantSettings {
    let mut outcomes = Vec::new();
    for (n, line) in lines(get(fields, "utfall")).iter().enumerate() {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let name = parts[0];
        let key = match parts.get(1) {
            Some(k) if !k.is_empty() => item_key(k),
            _ => item_key(name),
        };
        let mut o = OutcomeKind {
            key,
            name: name.to_owned(),
            step_forward: false,
            work_or_studies: false,
            early: false,
        };
        let tags = parts.get(2).copied().unwrap_or("");
        for tag in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            match tag.to_lowercase().as_str() {
                "steg" => o.step_forward = true,
                "arbete-studier" => o.work_or_studies = true,
                "förtid" | "fortid" => o.early = true,
                other => errors.push((
                    "utfall".into(),
                    format!(
                        "Utfall på rad {}: \"{other}\" är inget kännetecken; skriv steg, arbete-studier eller förtid, t.ex. Arbete; arbete; steg, arbete-studier.",
                        n + 1
                    ),
                )),
            }
        }
        if parts.len() > 3 {
            errors.push((
                "utfall".into(),
                format!(
                    "Utfall på rad {}: skriv namn; nyckel; kännetecken, t.ex. Avbrott; avbrott; förtid.",
                    n + 1
                ),
            ));
        }
        outcomes.push(o);
    }
    let small_numbers = match get(fields, "smatal").trim().parse::<u32>() {
        _ if get(fields, "smatal").trim().is_empty() => 5,
        Ok(n) if (1..=100).contains(&n) => n,
        _ => {
            errors.push((
                "smatal".into(),
                format!(
                    "Gränsen för små tal: \"{}\" ska vara ett heltal 1–100, t.ex. 5.",
                    get(fields, "smatal")
                ),
            ));
            5
        }
    };
    let mut register_columns = Vec::new();
    for (n, line) in lines(get(fields, "registerkolumner")).iter().enumerate() {
        match line.rsplit_once(';') {
            Some((heading, source)) if !heading.trim().is_empty() => {
                register_columns.push(finsam_core::participants::register::Column {
                    heading: heading.trim().to_owned(),
                    source: source.trim().to_owned(),
                })
            }
            _ => errors.push((
                "registerkolumner".into(),
                format!(
                    "Kolumn på rad {}: skriv rubrik; källa, t.ex. Deltagare kvinnor; totalt.kvinnor.",
                    n + 1
                ),
            )),
        }
    }
    let defaults = ParticipantSettings::default();
    let or_default = |list: Vec<String>, default: Vec<String>| {
        if list.is_empty() { default } else { list }
    };
    let out = ParticipantSettings {
        outcomes: if outcomes.is_empty() {
            defaults.outcomes
        } else {
            outcomes
        },
        age_groups: lines(get(fields, "aldersgrupper")),
        occupations: or_default(lines(get(fields, "sysselsattningar")), defaults.occupations),
        supports: or_default(lines(get(fields, "forsorjningar")), defaults.supports),
        small_numbers,
        register_columns: Vec::new(),
    };
    for (n, c) in register_columns.iter().enumerate() {
        if !finsam_core::participants::register::known_source(&c.source, &out) {
            errors.push((
                "registerkolumner".into(),
                format!(
                    "Kolumn på rad {}: \"{}\" är ingen källa; skriv en rad och ett kön (totalt.kvinnor, utfall:arbete.totalt) eller insats, diarienummer, ar.",
                    n + 1,
                    c.source
                ),
            ));
        }
    }
    // The default columns written back unchanged are kept as the default (they follow the
    // outcome list).
    let out = ParticipantSettings {
        register_columns: if register_columns
            == finsam_core::participants::register::default_columns(&out)
        {
            Vec::new()
        } else {
            register_columns
        },
        ..out
    };
    for (field, what, keys) in [
        (
            "utfall",
            "Utfallen",
            out.outcomes
                .iter()
                .map(|o| o.key.clone())
                .collect::<Vec<_>>(),
        ),
        (
            "aldersgrupper",
            "Åldersgrupperna",
            out.age_groups.iter().map(|n| item_key(n)).collect(),
        ),
        (
            "sysselsattningar",
            "Sysselsättningarna",
            out.occupations.iter().map(|n| item_key(n)).collect(),
        ),
        (
            "forsorjningar",
            "Försörjningarna",
            out.supports.iter().map(|n| item_key(n)).collect(),
        ),
    ] {
        let mut seen = std::collections::BTreeSet::new();
        for (n, k) in keys.iter().enumerate() {
            if k.is_empty() || !seen.insert(k.clone()) {
                errors.push((
                    field.into(),
                    format!(
                        "{what}: rad {} har inget namn med bokstäver eller samma namn som en rad före; varje rad behöver ett eget namn.",
                        n + 1
                    ),
                ));
            }
        }
        if keys.len() > finsam_core::insats::settings::MAX_ITEMS {
            errors.push((
                field.into(),
                format!(
                    "{what}: högst {} rader.",
                    finsam_core::insats::settings::MAX_ITEMS
                ),
            ));
        }
    }
    out
}

/// A number of months from a field, or its message.
fn months(fields: &Fields, name: &str, what: &str, errors: &mut Vec<(String, String)>) -> i32 {
    let v = get(fields, name);
    v.parse().unwrap_or_else(|_| {
        errors.push((
            name.to_owned(),
            format!("{what}: \"{v}\" är inget antal månader; skriv t.ex. 2."),
        ));
        0
    })
}

/// The settings a form describes, checked by core: the Swedish messages by field name.
pub fn parse_settings(fields: &Fields) -> Result<Settings, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let answer_months = months(fields, "svarstid", "Svarstiden", &mut errors);
    let agreement_months = months(fields, "avtalstid", "Tiden till avtal", &mut errors);
    let delegation_limit = match get(fields, "delegation") {
        "" => Money::ZERO,
        v => Money::parse(v).unwrap_or_else(|e| {
            errors.push((
                "delegation".into(),
                format!("Delegationsgränsen: {e}. Skriv t.ex. 100 000, eller 0."),
            ));
            Money::ZERO
        }),
    };
    let mut rounds = Vec::new();
    for (n, line) in lines(get(fields, "omgangar")).iter().enumerate() {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        match parts.as_slice() {
            [name, closes, meeting] => match (parse_day(closes), parse_day(meeting)) {
                (Some(closes), Some(meeting)) => rounds.push(Round {
                    name: (*name).to_owned(),
                    closes,
                    meeting,
                }),
                _ => errors.push((
                    "omgangar".into(),
                    format!(
                        "Omgång på rad {}: datumen ska skrivas ÅÅÅÅ-MM-DD, t.ex. Höst 2024; 2024-06-14; 2024-09-19.",
                        n + 1
                    ),
                )),
            },
            _ => errors.push((
                "omgangar".into(),
                format!(
                    "Omgång på rad {}: skriv namn; sista ansökningsdag; beslutsmöte, t.ex. Höst 2024; 2024-06-14; 2024-09-19.",
                    n + 1
                ),
            )),
        }
    }
    let report_kinds = report_kinds(get(fields, "rapporter"), &mut errors);
    let participants = participant_settings(fields, &mut errors);
    let settings = Settings {
        target_groups: lines(get(fields, "malgrupper")),
        answer_months,
        agreement_months,
        delegation_limit,
        case_format: get(fields, "diarieformat").to_owned(),
        rounds,
        payment_words: lines(get(fields, "ord")),
        continuation_required: !get(fields, "fortsattning").is_empty(),
        report_kinds,
        participants,
    };
    if errors.is_empty() {
        errors.extend(settings.check().into_iter().map(|(f, m)| (f.to_owned(), m)));
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

/// The report kinds of the settings form, one per line: `name; interval; days after`.
fn report_kinds(text: &str, errors: &mut Vec<(String, String)>) -> Vec<ReportKind> {
    let mut out = Vec::new();
    let example = "t.ex. Kvartalsrapport; kvartal; 30";
    for (n, line) in lines(text).iter().enumerate() {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let mut wrong = |what: String| {
            errors.push((
                "rapporter".into(),
                format!("Rapport på rad {}: {what}", n + 1),
            ));
        };
        let [name, interval, days] = parts.as_slice() else {
            wrong(format!(
                "skriv namn; intervall; dagar efter periodens slut, {example}."
            ));
            continue;
        };
        let Some(interval) = Interval::from_word(interval) else {
            wrong(if interval.is_empty() {
                format!(
                    "intervallet saknas; skriv månad, kvartal, halvår, år eller slut, {example}."
                )
            } else {
                format!(
                    "\"{interval}\" är inget intervall; skriv månad, kvartal, halvår, år eller slut."
                )
            });
            continue;
        };
        let Ok(days_after) = days.parse::<u16>() else {
            wrong(format!(
                "\"{days}\" är inget antal dagar; skriv hur många dagar efter periodens slut rapporten ska in, {example}."
            ));
            continue;
        };
        out.push(ReportKind {
            name: (*name).to_owned(),
            interval,
            days_after,
        });
    }
    out
}

/// The meeting a form describes (day, kind, note), or the Swedish messages by field name.
pub fn parse_meeting(fields: &Fields) -> Result<Meeting, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let day = get(fields, "dag");
    let on = parse_day(day);
    if on.is_none() {
        errors.push((
            "dag".into(),
            format!("Mötesdagen \"{day}\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-09-19."),
        ));
    }
    let kind = Kind::from_word(get(fields, "typ"));
    if kind.is_none() {
        errors.push(("typ".into(), "Välj vilket slags möte.".into()));
    }
    let note = Some(get(fields, "anteckning").to_owned()).filter(|n| !n.is_empty());
    let clock = |name: &str, what: &str, errors: &mut Vec<(String, String)>| {
        let v = get(fields, name);
        if v.is_empty() {
            return None;
        }
        let c = Clock::parse(v);
        if c.is_none() {
            errors.push((
                name.to_owned(),
                format!("{what} \"{v}\" är ingen tid; skriv TT:MM, t.ex. 09:00."),
            ));
        }
        c
    };
    let starts = clock("start", "Starttiden", &mut errors);
    let ends = clock("slut", "Sluttiden", &mut errors);
    let times = match (starts, ends) {
        (Some(s), Some(e)) => Some((s, e)),
        (None, None) => None,
        (Some(_), None) if errors.is_empty() => {
            errors.push((
                "slut".into(),
                "Skriv när mötet slutar, eller ingen tid alls.".into(),
            ));
            None
        }
        (None, Some(_)) if errors.is_empty() => {
            errors.push((
                "start".into(),
                "Skriv när mötet börjar, eller ingen tid alls.".into(),
            ));
            None
        }
        _ => None,
    };
    match (on, kind) {
        (Some(on), Some(kind)) if errors.is_empty() => {
            let meeting = Meeting {
                on,
                kind,
                note,
                times,
            };
            match meeting.check() {
                Some(e) if meeting.times.is_some() && e.contains("slutar") => {
                    Err(vec![("slut".into(), e)])
                }
                Some(e) => Err(vec![("anteckning".into(), e)]),
                None => Ok(meeting),
            }
        }
        _ => Err(errors),
    }
}

/// A decision of a meeting, as its record lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeetingItem {
    /// A decision on an application (or a tillägg): the application, the decision's number
    /// among its decisions (1: the first), and the decision.
    Application {
        /// The application.
        id: ApplicationId,
        /// Its case number.
        case_number: String,
        /// The insats.
        insats: String,
        /// Which of its decisions (1: the first; 2 and on: tillägg).
        number: usize,
        /// The decision.
        decision: Decision,
    },
    /// The adoption of a plan version.
    Plan(Box<PlanVersion>),
}

impl MeetingItem {
    /// What was decided on, in words: "Tilläggsbeslut om Coachingteamet (2023/1)", "Beslut om
    /// Verksamhetsplan och budget 2024, version 1 (nr 1)".
    pub fn what(&self) -> String {
        match self {
            MeetingItem::Application {
                case_number,
                insats,
                number,
                ..
            } => {
                let word = if *number == 1 {
                    "Beslut"
                } else {
                    "Tilläggsbeslut"
                };
                format!("{word} om {insats} ({case_number})")
            }
            MeetingItem::Plan(v) => format!("Beslut om {}", v.head.label()),
        }
    }

    /// The paragraph it stands under, as written.
    pub fn paragraph(&self) -> String {
        match self {
            MeetingItem::Application { decision, .. } => match &decision.by {
                DecidedBy::Board { paragraph } => paragraph.clone(),
                DecidedBy::Delegation => String::new(),
            },
            MeetingItem::Plan(v) => v
                .head
                .adoption
                .as_ref()
                .and_then(|a| a.meeting.rsplit_once('§'))
                .map(|(_, p)| format!("§ {}", p.trim()))
                .unwrap_or_default(),
        }
    }
}

/// The number in a paragraph, for ordering ("§ 12 a" → 12); none sorts last.
fn paragraph_number(p: &str) -> u32 {
    p.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(u32::MAX)
}

impl App {
    /// The förbund's settings (the defaults until it saves its own).
    pub async fn settings(&self, association: &Association) -> Result<StoredSettings, StoreError> {
        self.store().settings(association.id).await
    }

    /// Saves the settings from their form if nobody saved them since `expected_row_version`;
    /// audited. Nothing is saved when a field is wrong.
    pub async fn save_settings(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        fields: &Fields,
        expected_row_version: i64,
    ) -> Result<StoredSettings, FormError> {
        let settings = parse_settings(fields).map_err(FormError::Fields)?;
        Ok(self
            .store()
            .save_settings(actor, association.id, &settings, expected_row_version)
            .await?)
    }

    /// The förbund's meetings, the earliest first; kept at the förbund's audit stamp (a meeting
    /// added writes the log), since the overview asks on every view.
    pub async fn meetings(
        &self,
        association: &Association,
    ) -> Result<std::sync::Arc<Vec<StoredMeeting>>, StoreError> {
        let stamp = self.store().audit_stamp(association.id).await?;
        if let Some(kept) = self.meetings.get(&association.id.0, stamp) {
            return Ok(kept);
        }
        let list = self.store().meetings(association.id).await?;
        Ok(self.meetings.put(&association.id.0, stamp, list))
    }

    /// The meeting held on `on`, if one is recorded.
    pub async fn meeting_on(
        &self,
        association: &Association,
        on: Date,
    ) -> Result<Option<StoredMeeting>, StoreError> {
        Ok(self
            .meetings(association)
            .await?
            .iter()
            .find(|m| m.meeting.on == on && m.meeting.kind.is_board())
            .cloned())
    }

    /// Makes the meetings of `year + 1` from those of `year`, each 52 weeks on (the same
    /// weekday), leaving any already there; audited once. Returns how many were made.
    pub async fn next_years_meetings(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        year: i32,
    ) -> Result<usize, FormError> {
        let next: Vec<Meeting> = self
            .meetings(association)
            .await?
            .iter()
            .filter(|m| m.meeting.on.year() == year)
            .map(|m| m.meeting.next_year())
            .collect();
        if next.is_empty() {
            return Err(FormError::Fields(vec![(
                "ar".into(),
                format!("Det finns inga möten {year} att utgå från."),
            )]));
        }
        let summary = format!("Möten för {} gjorda av {year}s, 52 veckor senare", year + 1);
        Ok(self
            .store()
            .add_meetings(actor, association.id, &next, &summary)
            .await?)
    }

    /// Adds a meeting from its form; a second meeting on a day is refused. Audited.
    pub async fn add_meeting(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        fields: &Fields,
    ) -> Result<StoredMeeting, FormError> {
        let meeting = parse_meeting(fields).map_err(FormError::Fields)?;
        // The board meets once a day: its decisions of the day are that meeting's.
        if meeting.kind.is_board()
            && let Some(other) = self.meeting_on(association, meeting.on).await?
        {
            return Err(FormError::Fields(vec![(
                "dag".into(),
                format!(
                    "Styrelsen har redan ett möte {}: {}. Styrelsen möts en gång om dagen; välj en annan dag eller ett annat slags möte.",
                    meeting.on,
                    other.meeting.title()
                ),
            )]));
        }
        match self
            .store()
            .add_meeting(actor, association.id, &meeting)
            .await
        {
            Err(StoreError::Duplicate) => Err(FormError::Fields(vec![(
                "dag".into(),
                format!("Det finns redan ett möte {}; ett möte per dag.", meeting.on),
            )])),
            other => Ok(other?),
        }
    }

    /// The meeting held on `on` and what was decided there, by paragraph: the board's
    /// decisions on applications of that day, and the plan versions adopted that day.
    pub async fn meeting_record(
        &self,
        association: &Association,
        on: Date,
    ) -> Result<Option<(StoredMeeting, Vec<MeetingItem>)>, StoreError> {
        let Some(meeting) = self.store().meeting_on(association.id, on).await? else {
            return Ok(None);
        };
        let mut items = Vec::new();
        for a in self
            .store()
            .applications_deciding(association.id, on)
            .await?
        {
            for (n, d) in a.case.decisions().enumerate() {
                if d.on == on && matches!(d.by, DecidedBy::Board { .. }) {
                    items.push(MeetingItem::Application {
                        id: a.id,
                        case_number: a.case_number.clone(),
                        insats: a.insats.name.clone(),
                        number: n + 1,
                        decision: d.clone(),
                    });
                }
            }
        }
        for v in self.store().versions(association.id).await? {
            if v.head.adoption.as_ref().is_some_and(|a| a.on == on) {
                items.push(MeetingItem::Plan(Box::new(v)));
            }
        }
        items.sort_by_key(|i| paragraph_number(&i.paragraph()));
        Ok(Some((meeting, items)))
    }
}

/// An agenda item with what the meeting needs to see of it: a pending application's what-if.
#[derive(Clone, Debug)]
pub struct AgendaEntry {
    /// The item as stored.
    pub stored: finsam_store::StoredAgendaItem,
    /// The application's what-if, while it awaits its decision.
    pub what_if: Option<crate::grants::PendingWhatIf>,
}

impl App {
    /// The agenda of `meeting`, each application still to be decided with its what-if.
    pub async fn agenda(
        &self,
        association: &Association,
        meeting: &StoredMeeting,
    ) -> Result<Vec<AgendaEntry>, StoreError> {
        let mut out = Vec::new();
        for stored in self.store().agenda(association.id, meeting.id).await? {
            let what_if = match stored.item.kind {
                AgendaKind::Application(id) => {
                    match self
                        .store()
                        .application(association.id, finsam_store::ApplicationId(id))
                        .await
                    {
                        Ok(a) if a.case.state().awaits_decision() => {
                            self.what_if(association, &a).await?
                        }
                        Ok(_) | Err(StoreError::NotFound) => None,
                        Err(e) => return Err(e),
                    }
                }
                _ => None,
            };
            out.push(AgendaEntry { stored, what_if });
        }
        Ok(out)
    }

    /// What can be put on an agenda: (form value, title): the applications awaiting a
    /// decision, the plan versions not adopted, the granted insatser's reports.
    pub async fn agenda_choices(
        &self,
        association: &Association,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        let page = self
            .store()
            .applications(
                association.id,
                &finsam_store::ApplicationFilter::default(),
                finsam_store::PageRequest::new(1, finsam_store::PageRequest::MAX_PER_PAGE),
            )
            .await?;
        for h in page.items.iter().filter(|h| h.state.awaits_decision()) {
            out.push((
                format!("ansokan-{}", h.id.0),
                format!("Beslut om {} ({})", h.insats, h.case_number),
            ));
        }
        for v in self.store().versions(association.id).await? {
            if v.head.status != finsam_store::Status::Adopted {
                out.push((format!("plan-{}", v.head.id.0), v.head.label()));
            }
        }
        for h in page.items.iter().filter(|h| h.state.is_granted()) {
            out.push((
                format!("rapporter-{}", h.id.0),
                format!("Rapporter från {} ({})", h.insats, h.case_number),
            ));
        }
        Ok(out)
    }

    /// Adds an item to the agenda of the board's meeting on `on`, from its form: `punkt` names
    /// one of [`App::agenda_choices`] or `ovrigt`, with its title in `rubrik`. Audited.
    pub async fn add_agenda_item(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        on: Date,
        fields: &Fields,
    ) -> Result<finsam_store::StoredAgendaItem, FormError> {
        let meeting = self
            .meeting_on(association, on)
            .await?
            .ok_or(StoreError::NotFound)?;
        let chosen = get(fields, "punkt");
        let item = if chosen == "ovrigt" {
            let title = get(fields, "rubrik");
            if title.is_empty() || title.chars().count() > finsam_core::meeting::MAX_AGENDA_TITLE {
                return Err(FormError::Fields(vec![(
                    "rubrik".into(),
                    format!(
                        "Skriv punktens rubrik (högst {} tecken), t.ex. Övriga frågor.",
                        finsam_core::meeting::MAX_AGENDA_TITLE
                    ),
                )]));
            }
            AgendaItem {
                kind: AgendaKind::Other,
                title: title.to_owned(),
            }
        } else {
            let choices = self.agenda_choices(association).await?;
            let Some((_, title)) = choices.iter().find(|(v, _)| v == chosen) else {
                return Err(FormError::Fields(vec![(
                    "punkt".into(),
                    "Välj en punkt i listan: en ansökan att besluta, ett planutkast, rapporter från en insats eller en övrig punkt.".into(),
                )]));
            };
            let (word, id) = chosen.split_once('-').unwrap_or_default();
            let kind = AgendaKind::from_parts(word, id.parse().ok()).ok_or(StoreError::NotFound)?;
            AgendaItem {
                kind,
                title: title.clone(),
            }
        };
        Ok(self
            .store()
            .add_agenda_item(actor, (association.id, meeting.id), &item)
            .await?)
    }

    /// Takes an item off the agenda of the board's meeting on `on`. Audited.
    pub async fn remove_agenda_item(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        on: Date,
        id: i64,
    ) -> Result<(), StoreError> {
        let meeting = self
            .meeting_on(association, on)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.store()
            .remove_agenda_item(actor, (association.id, meeting.id), id)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_settings_form_reads_back_what_it_shows() {
        let s = Settings {
            target_groups: vec!["Unga vuxna 16–29 år".into(), "Sjukskrivna".into()],
            delegation_limit: Money::from_ore(10_000_000),
            rounds: vec![Round {
                name: "Höst 2024".into(),
                closes: parse_day("2024-06-14").unwrap(),
                meeting: parse_day("2024-09-19").unwrap(),
            }],
            continuation_required: true,
            ..Settings::default()
        };
        assert_eq!(parse_settings(&settings_fields(&s)), Ok(s));
    }

    #[test]
    fn the_participant_lists_keep_their_keys_and_refuse_what_they_cannot_read() {
        let mut f = settings_fields(&Settings::default());
        let outcomes = f.iter_mut().find(|(k, _)| k == "utfall").unwrap();
        // Renamed, the outcome keeps its key (and so its figures).
        outcomes.1 = outcomes
            .1
            .replace("Åter till remittent", "Tillbaka till remittenten");
        let read = parse_settings(&f).expect("reads");
        let back = &read.participants.outcomes[5];
        assert_eq!(
            (back.key.as_str(), back.name.as_str()),
            ("remittent", "Tillbaka till remittenten")
        );
        for (field, value, says) in [
            (
                "utfall",
                "Arbete; arbete; kanske",
                "\"kanske\" är inget kännetecken",
            ),
            (
                "utfall",
                "Arbete; arbete; steg\nJobb; arbete; steg",
                "samma namn som en rad före",
            ),
            (
                "aldersgrupper",
                "16–29\n16–29",
                "samma namn som en rad före",
            ),
            ("smatal", "0", "ett heltal 1–100"),
            (
                "registerkolumner",
                "Deltagare; totalt.barn",
                "\"totalt.barn\" är ingen källa",
            ),
            ("registerkolumner", "bara en rubrik", "skriv rubrik; källa"),
        ] {
            let mut f = settings_fields(&Settings::default());
            f.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.into();
            let e = parse_settings(&f).unwrap_err();
            assert_eq!(e[0].0, field, "{e:?}");
            assert!(e[0].1.contains(says), "{e:?}");
        }
    }

    #[test]
    fn a_wrong_settings_form_says_which_field() {
        let mut f = settings_fields(&Settings::default());
        f.retain(|(k, _)| {
            k != "svarstid" && k != "omgangar" && k != "delegation" && k != "rapporter"
        });
        f.push(("svarstid".into(), "två".into()));
        f.push(("delegation".into(), "mycket".into()));
        f.push(("omgangar".into(), "Höst; 14 juni; 2024-09-19".into()));
        f.push((
            "rapporter".into(),
            "Slutrapport; slut; 60\nKvartalsrapport; ; 30".into(),
        ));
        let errors = parse_settings(&f).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["svarstid", "delegation", "omgangar", "rapporter"]);
        assert!(errors[2].1.contains("rad 1"), "{errors:?}");
        assert!(
            errors[3].1.contains("rad 2: intervallet saknas"),
            "{errors:?}"
        );
    }

    #[test]
    fn meetings_are_read_from_their_form() {
        let m = parse_meeting(&fields(&[
            ("dag", "2024-09-19"),
            ("typ", "styrelsemote"),
            ("anteckning", " "),
        ]))
        .unwrap();
        assert_eq!(m.title(), "Styrelsemöte 2024-09-19");
        assert_eq!(m.note, None);
        let e = parse_meeting(&fields(&[("dag", "19/9"), ("typ", "fest")])).unwrap_err();
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn paragraphs_order_by_their_number() {
        let mut ps = vec!["§ 12", "§ 4 a", "", "§ 31"];
        ps.sort_by_key(|p| paragraph_number(p));
        assert_eq!(ps, ["§ 4 a", "§ 12", "§ 31", ""]);
    }
}

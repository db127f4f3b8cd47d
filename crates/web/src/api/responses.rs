//! The bodies the API answers with: one struct each, serialized as they are and described by
//! their own JSON Schema in the OpenAPI document (see `openapi.rs`). The reports themselves
//! (key figures, findings, the follow-up) are finsam-core's report structs; these add the
//! lists and the envelope of a plan version.

use finsam_core::{Finding, Money, OrgNumber, YearFigures};
use schemars::JsonSchema;
use serde::Serialize;

/// A förbund where the user has a role: `GET /api/forbund`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Forbund")]
pub struct AssociationItem<'a> {
    pub id: i64,
    #[serde(rename = "namn")]
    pub name: &'a str,
    #[serde(rename = "organisationsnummer")]
    pub org_number: &'a OrgNumber,
    /// The user's role there, e.g. `förbundschef`.
    #[serde(rename = "roll")]
    pub role: &'static str,
}

/// One plan version as listed: `GET …/versioner`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Version")]
pub struct VersionItem<'a> {
    pub id: i64,
    #[serde(rename = "titel")]
    pub title: &'a str,
    #[serde(rename = "nummer")]
    pub number: i64,
    /// `utkast` or `beslutad`.
    pub status: &'static str,
    #[serde(rename = "radversion")]
    pub row_version: i64,
    /// The board's decision, once adopted.
    #[serde(rename = "beslut")]
    pub decision: Option<Decision<'a>>,
}

/// The board's decision on a version.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Beslut")]
pub struct Decision<'a> {
    /// `YYYY-MM-DD`.
    #[serde(rename = "datum")]
    pub on: String,
    #[serde(rename = "mote")]
    pub meeting: &'a str,
    #[serde(rename = "beslut")]
    pub decision: &'a str,
}

/// A plan version with its budget, key figures and findings: `GET …/versioner/{v}`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Planversion")]
pub struct VersionReport<'a> {
    pub id: i64,
    #[serde(rename = "titel")]
    pub title: &'a str,
    #[serde(rename = "nummer")]
    pub number: i64,
    /// `utkast` or `beslutad`.
    pub status: &'static str,
    #[serde(rename = "radversion")]
    pub row_version: i64,
    /// Always `öre`.
    #[serde(rename = "enhet")]
    pub unit: &'static str,
    #[serde(rename = "ar")]
    pub years: &'a [i32],
    #[serde(rename = "avsnitt")]
    pub sections: Vec<Section<'a>>,
    #[serde(rename = "nyckeltal")]
    pub key_figures: &'a [YearFigures],
    #[serde(rename = "fynd")]
    pub findings: &'a [Finding],
}

/// A budget section with its sums and lines.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Avsnitt")]
pub struct Section<'a> {
    #[serde(rename = "namn")]
    pub name: &'a str,
    /// One sum per plan year.
    #[serde(rename = "summor")]
    pub sums: &'a [Money],
    #[serde(rename = "rader")]
    pub lines: Vec<SectionLine<'a>>,
}

/// A budget line with its amounts per year.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Budgetrad")]
pub struct SectionLine<'a> {
    #[serde(rename = "namn")]
    pub name: &'a str,
    #[serde(rename = "kategori")]
    pub category: &'static str,
    /// One amount per plan year.
    #[serde(rename = "belopp")]
    pub amounts: &'a [Money],
}

/// A saved plan file: `PUT …/planfil`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Sparad")]
pub struct Saved {
    pub id: i64,
    #[serde(rename = "radversion")]
    pub row_version: i64,
}

/// One imported fiscal year: `GET …/uppfoljning`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Import")]
pub struct ImportItem<'a> {
    #[serde(rename = "ar")]
    pub fiscal_year: i32,
    #[serde(rename = "fil")]
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub program: Option<&'a str>,
    /// The day the file was written (`#GEN`), `YYYY-MM-DD`.
    #[serde(rename = "skapad")]
    pub generated: Option<String>,
    /// When it was imported, in seconds since 1970 (UTC).
    #[serde(rename = "importerad")]
    pub imported_at: i64,
    #[serde(rename = "verifikationsrader")]
    pub row_count: i64,
    /// What the import noted, in Swedish.
    #[serde(rename = "att_notera")]
    pub notes: &'a [String],
}

/// The account mapping: `GET …/kontokoppling`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Kontokoppling")]
pub struct MappingReport<'a> {
    /// The chart of accounts, e.g. `kommunbas`.
    #[serde(rename = "kontoplan")]
    pub chart: &'static str,
    #[serde(rename = "radversion")]
    pub row_version: i64,
    /// The rules as written.
    #[serde(rename = "regler")]
    pub text: &'a str,
    #[serde(rename = "tolkade_regler")]
    pub rules: Vec<MappingRule<'a>>,
}

/// One mapping rule as read.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Kontoregel")]
pub struct MappingRule<'a> {
    #[serde(rename = "fran")]
    pub from: u32,
    #[serde(rename = "till")]
    pub to: u32,
    #[serde(rename = "kategori")]
    pub category: &'static str,
    #[serde(rename = "budgetrad")]
    pub line: Option<&'a str>,
}

/// One page of a long list: `GET …/logg`, `GET …/konto/{k}`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Sida")]
pub struct PageInfo {
    /// This page, from 1.
    #[serde(rename = "sida")]
    pub page: u32,
    #[serde(rename = "per_sida")]
    pub per_page: u32,
    #[serde(rename = "sidor")]
    pub pages: u32,
    /// Items in the whole list.
    #[serde(rename = "totalt")]
    pub total: i64,
}

impl PageInfo {
    pub fn of<T>(p: &finsam_store::Paged<T>) -> PageInfo {
        PageInfo {
            page: p.request.page,
            per_page: p.request.per_page,
            pages: p.pages(),
            total: p.total,
        }
    }
}

/// One audit row: `GET …/logg`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Logghandelse")]
pub struct AuditItem {
    pub id: i64,
    /// Seconds since 1970 (UTC).
    #[serde(rename = "tid")]
    pub at: i64,
    /// The user's login name; `null` for the system.
    #[serde(rename = "anvandare")]
    pub user: Option<String>,
    #[serde(rename = "handling")]
    pub action: String,
    #[serde(rename = "vad")]
    pub summary: String,
}

/// A page of the audit log.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Logg")]
pub struct AuditPageReport {
    #[serde(flatten)]
    pub page: PageInfo,
    #[serde(rename = "poster")]
    pub items: Vec<AuditItem>,
}

/// One voucher row of an account.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Verifikationsrad")]
pub struct VoucherRowItem {
    /// `YYYY-MM-DD`.
    #[serde(rename = "datum")]
    pub date: String,
    #[serde(rename = "verifikation")]
    pub voucher: String,
    pub text: String,
    /// Öre, debit positive.
    #[serde(rename = "belopp")]
    pub amount: Money,
}

/// A page of an account's voucher rows, with the sum of all of them.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Kontorader")]
pub struct AccountRowsReport {
    #[serde(rename = "konto")]
    pub account: String,
    #[serde(rename = "summa")]
    pub sum: Money,
    #[serde(flatten)]
    pub page: PageInfo,
    #[serde(rename = "rader")]
    pub rows: Vec<VoucherRowItem>,
}

/// An application as the list gives it: `GET …/ansokningar`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "AnsokanIListan")]
pub struct ApplicationItem {
    pub id: i64,
    #[serde(rename = "diarienummer")]
    pub case_number: String,
    #[serde(rename = "insats")]
    pub insats: String,
    /// The insatsägare's member key.
    #[serde(rename = "insatsagare")]
    pub owner: String,
    #[serde(rename = "status")]
    pub state: finsam_core::insats::State,
    /// `YYYY-MM-DD`.
    #[serde(rename = "inkom")]
    pub submitted: String,
    #[serde(rename = "radversion")]
    pub row_version: i64,
}

/// A page of applications.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Ansokningar")]
pub struct ApplicationPage {
    #[serde(rename = "sida")]
    pub page: PageInfo,
    #[serde(rename = "ansokningar")]
    pub items: Vec<ApplicationItem>,
}

/// One application: `GET …/ansokningar/{id}`. The insats and the history in core's words.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Ansokan")]
pub struct ApplicationReport {
    pub id: i64,
    #[serde(rename = "diarienummer")]
    pub case_number: String,
    #[serde(rename = "status")]
    pub state: finsam_core::insats::State,
    pub insats: finsam_core::insats::Insats,
    #[serde(rename = "arende")]
    pub case: finsam_core::insats::Case,
    /// The plan for how the work continues after the funding.
    #[serde(rename = "fortsattning")]
    pub continuation: Option<String>,
    /// What is granted now, per calendar year, in öre (after any tillägg).
    #[serde(rename = "beviljat")]
    #[schemars(with = "Option<std::collections::BTreeMap<String, finsam_core::Money>>")]
    pub granted: Option<std::collections::BTreeMap<String, finsam_core::Money>>,
    #[serde(rename = "radversion")]
    pub row_version: i64,
}

/// The förbund's settings for insatser and applications: `GET …/installningar`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "InstallningarSvar")]
pub struct SettingsReport {
    #[serde(rename = "installningar")]
    pub settings: finsam_core::insats::settings::Settings,
    /// 0 while the förbund has saved none (the defaults).
    #[serde(rename = "radversion")]
    pub row_version: i64,
}

/// The board's meetings: `GET …/moten`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Moten")]
pub struct MeetingsReport {
    #[serde(rename = "moten")]
    pub meetings: Vec<finsam_core::meeting::Meeting>,
}

/// A decision taken at a meeting, under its paragraph: on an application (or a tillägg) or the
/// adoption of a plan version.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "MotesBeslut")]
pub struct MeetingDecision {
    #[serde(rename = "paragraf")]
    pub paragraph: String,
    /// The application decided on, if it was one.
    #[serde(rename = "ansokan")]
    pub application: Option<i64>,
    #[serde(rename = "diarienummer")]
    pub case_number: Option<String>,
    /// 1: the decision; 2 and on: tillägg.
    #[serde(rename = "beslut_nr")]
    pub number: Option<usize>,
    #[serde(rename = "beslut")]
    pub decision: Option<finsam_core::insats::Decision>,
    /// The plan version adopted, if it was one.
    #[serde(rename = "version")]
    pub version: Option<i64>,
    /// In words: "Beslut om Coachingteamet (2023/1)", "Verksamhetsplan och budget 2024, …".
    #[serde(rename = "arende")]
    pub what: String,
}

/// One meeting and what was decided there: `GET …/moten/{dag}`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "MoteMedBeslut")]
pub struct MeetingReport {
    #[serde(rename = "mote")]
    pub meeting: finsam_core::meeting::Meeting,
    #[serde(rename = "beslut")]
    pub decisions: Vec<MeetingDecision>,
}

/// One disbursement: `GET …/ansokningar/{i}/utbetalningar`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Utbetalning")]
pub struct DisbursementItem {
    pub id: i64,
    #[serde(rename = "begard")]
    pub requested: String,
    /// In öre.
    #[serde(rename = "belopp")]
    pub amount: finsam_core::Money,
    #[serde(rename = "godkand")]
    pub approved: Option<String>,
    #[serde(rename = "utbetald")]
    pub paid: Option<String>,
    #[serde(rename = "status")]
    pub stage: finsam_core::insats::disbursements::Stage,
    #[serde(rename = "avser")]
    pub note: Option<String>,
}

/// A year of the grant beside what was paid in it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UtbetaltAr")]
pub struct DisbursementYear {
    #[serde(rename = "ar")]
    pub year: i32,
    #[serde(rename = "beviljat")]
    pub granted: finsam_core::Money,
    #[serde(rename = "utbetalt")]
    pub paid: finsam_core::Money,
}

/// An application's money: `GET …/ansokningar/{i}/utbetalningar`. Amounts in öre.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Utbetalningar")]
pub struct DisbursementsReport {
    #[serde(rename = "beviljat")]
    pub granted: finsam_core::Money,
    #[serde(rename = "begart")]
    pub requested: finsam_core::Money,
    #[serde(rename = "godkant")]
    pub approved: finsam_core::Money,
    #[serde(rename = "utbetalt")]
    pub paid: finsam_core::Money,
    #[serde(rename = "kvar")]
    pub left: finsam_core::Money,
    #[serde(rename = "per_ar")]
    pub years: Vec<DisbursementYear>,
    #[serde(rename = "utbetalningar")]
    pub items: Vec<DisbursementItem>,
    /// The warning when more is paid than is granted.
    #[serde(rename = "varning")]
    pub warning: Option<String>,
}

/// A report due from an insats: `GET …/rapporter`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "RapportAttLamna")]
pub struct ReportDueItem {
    #[serde(rename = "ansokan")]
    pub application: i64,
    #[serde(rename = "diarienummer")]
    pub case_number: String,
    #[serde(rename = "insats")]
    pub insats: String,
    #[serde(rename = "rapport")]
    pub kind: String,
    #[serde(rename = "period_fran")]
    pub from: String,
    #[serde(rename = "period_till")]
    pub to: String,
    #[serde(rename = "sista_dag")]
    pub due: String,
    #[serde(rename = "inkom")]
    pub received: Option<String>,
    /// `forsenad`, `snart`, `senare`, `i-tid` or `sent`.
    #[serde(rename = "lage")]
    pub standing: &'static str,
    /// Days overdue (positive) or left (negative or zero), for those not received.
    #[serde(rename = "dagar_sen")]
    pub days_late: Option<i64>,
}

/// The reports due: `GET …/rapporter`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "RapporterAttLamna")]
pub struct ReportsDueReport {
    #[serde(rename = "rapporter")]
    pub reports: Vec<ReportDueItem>,
}

//! The budget editor: the table with every line, a form per line for every amount kind, adding,
//! moving and deleting lines. Sums and findings are recomputed after each save. A save names
//! the line's fingerprint as the user saw it; when someone else changed that line in between,
//! the user gets a conflict, keeps what they typed and sees the line as it now is.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::plans::{EditError, SaveError};
use finsam_core::budget::Line;
use finsam_core::{AmountSpec, Category, Money, Plan, check, compute};

use super::plan::{VersionNav, nav};
use super::{Here, Layout, Loaded, PlanRequest, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::view::{self, FindingView, Row};
use finsam_app::Action;
use finsam_app::line_merge;
use finsam_app::plan_edit::{self, FieldErrors, Fields, KINDS, get};

/// The budget editor's parts that are the same for every user of a version.
#[derive(Debug)]
pub struct EditorParts {
    years: Vec<String>,
    rows: Vec<Row>,
    sections: Vec<(usize, String)>,
    findings: Vec<FindingView>,
    printed_differ: bool,
}

#[derive(Template)]
#[template(path = "budget.html")]
struct EditorPage {
    layout: Layout,
    nav: VersionNav,
    parts: std::sync::Arc<EditorParts>,
    /// The budget table, rendered (kept per version, unit and right to edit).
    table: String,
    /// The units the table can be shown in: (word, link, shown now).
    units: Vec<(&'static str, String, bool)>,
    /// The add-line form as typed, with its errors.
    add: AddForm,
    categories: Vec<(&'static str, &'static str)>,
    /// What the user's last save changed, said after it ("Sparat: …").
    saved: Option<String>,
    /// A line the user just deleted: its sentence and the event that undoes it.
    deleted: Option<(String, i64)>,
    unit: &'static str,
    /// The opening equity's form as the plan has it, and as typed with its errors.
    opening_fields: Vec<plan_edit::OpeningField>,
    opening: AddForm,
    first_year: i32,
}

/// The budget table of the editor: the same for everyone with the same right to edit, so kept
/// rendered per (version, unit shown, may edit) at the version's row version. The CSRF token of
/// its forms is written as [`CSRF_SLOT`] and put in per request.
#[derive(Template)]
#[template(path = "budget_table.html")]
struct BudgetTableView<'a> {
    parts: &'a EditorParts,
    can_edit: bool,
    base: &'a str,
    unit_words: &'static str,
    unit: &'static str,
    csrf: &'static str,
}

/// Where a kept table's CSRF token goes: letters and underscores, left as they are by escaping.
pub(crate) const CSRF_SLOT: &str = "__finsam_csrf_slot__";

/// Rendered budget tables per (version, unit shown, may edit), at the version's row version.
pub type BudgetTables = finsam_app::cache::StampCache<(i64, &'static str, bool), String>;

/// "Sparat: Raden \"Coachingteamet\" i \"Insatser\": 2025: …" when the draft's newest change
/// is the user's; a plain "Sparat." otherwise.
pub(super) async fn what_was_saved(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
) -> Result<String, AppError> {
    let last = state
        .app
        .last_change_event(l.association.id, l.version.id)
        .await?;
    Ok(match last {
        Some(e) if e.entry.user == Some(user.user.id) => format!("Sparat: {}.", e.entry.summary),
        _ => "Sparat.".to_owned(),
    })
}

/// A section named with its parents: "Samverkansinsatser › Insatser".
fn section_path(plan: &Plan, si: usize) -> String {
    let sections = &plan.budget.sections;
    let mut name = sections.get(si).map(|s| s.name.clone()).unwrap_or_default();
    let mut at = si;
    while let Some(p) = sections.get(at).and_then(|s| s.parent).filter(|&p| p < at) {
        name = format!("{} › {name}", sections[p].name);
        at = p;
    }
    name
}

fn categories() -> Vec<(&'static str, &'static str)> {
    Category::ALL.iter().map(|(c, w)| (*w, c.label())).collect()
}

/// The editor.
pub async fn editor(
    State(state): State<AppState>,
    req: PlanRequest,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    editor_page(&state, &req, &q, (AddForm::default(), AddForm::default())).await
}

/// The add-line form as typed and what is wrong with it, field by field.
#[derive(Debug, Default)]
pub struct AddForm {
    fields: HashMap<String, String>,
    errors: Vec<(&'static str, String)>,
}

impl AddForm {
    /// What was typed in a field.
    fn f(&self, k: &str) -> &str {
        self.fields.get(k).map_or("", String::as_str)
    }

    /// The message for a field, if it has one.
    fn err(&self, k: &str) -> Option<&str> {
        super::people::error_of(&self.errors, k)
    }
}

async fn editor_page(
    state: &AppState,
    req: &PlanRequest,
    q: &HashMap<String, String>,
    (add, opening): (AddForm, AddForm),
) -> Result<Response, AppError> {
    let status = if add.errors.is_empty() && opening.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let state = state.clone();
    let user = &req.user;
    let l = req.load(&state, Action::Read).await?;
    // Shown in the unit asked for (`?enhet=kr|tkr`), by default the plan's; the forms take
    // the plan's unit.
    let unit = super::plan::view_unit(&l.plan, q.get("enhet"));
    // The table and findings are the same for every user of a version.
    let parts = state.editors[view::unit_index(unit)].get_or_build(
        l.version.id.0,
        l.version.row_version,
        || {
            let fig = compute(&l.plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
            let findings = check(&l.plan, &fig);
            Ok::<_, AppError>(EditorParts {
                years: fig.years.iter().map(ToString::to_string).collect(),
                rows: view::budget_rows(&l.plan, &fig, unit),
                sections: (0..l.plan.budget.sections.len())
                    .map(|i| (i, section_path(&l.plan, i)))
                    .collect(),
                printed_differ: findings
                    .iter()
                    .any(|f| f.kind == finsam_core::FindingKind::PrintedSum),
                findings: view::finding_views(&findings),
            })
        },
    )?;
    let n = nav(&l);
    let table = state.budget_tables.get_or_build(
        &(l.version.id.0, unit.label(), n.can_edit),
        l.version.row_version,
        || {
            BudgetTableView {
                parts: &parts,
                can_edit: n.can_edit,
                base: &n.base,
                unit_words: view::unit_words(unit),
                unit: l.plan.budget.unit.label(),
                csrf: CSRF_SLOT,
            }
            .render()
        },
    )?;
    let layout = Layout::version(&state, user, &l, Here::Budget, "Budget")
        .await?
        .exports_in(&l, unit);
    let page = EditorPage {
        table: table.replace(CSRF_SLOT, &layout.csrf),
        layout,
        parts,
        unit: l.plan.budget.unit.label(),
        units: view::unit_choices(&format!("{}/budget", nav(&l).base), unit),
        categories: categories(),
        saved: if q.contains_key("sparat") {
            Some(what_was_saved(&state, user, &l).await?)
        } else {
            None
        },
        deleted: match q.get("borttagen").and_then(|e| e.parse::<i64>().ok()) {
            Some(event) => state
                .app
                .deletion(l.association.id, l.version.id, event)
                .await
                .ok()
                .map(|d| {
                    (
                        format!("Raden \"{}\" i \"{}\" togs bort.", d.line.name, d.section.1),
                        event,
                    )
                }),
            None => None,
        },
        opening_fields: plan_edit::opening_fields(&l.plan),
        first_year: l.plan.budget.years.first().copied().unwrap_or_default(),
        nav: nav(&l),
        add,
        opening,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "line.html")]
struct LinePage {
    layout: Layout,
    nav: VersionNav,
    section: String,
    action: String,
    years: Vec<i32>,
    form: HashMap<String, String>,
    errors: FieldErrors,
    kinds: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    roundings: Vec<&'static str>,
    conflict: Option<Conflict>,
    /// The unit the form's amounts are in: the plan's (`kr` or `tkr`).
    unit: &'static str,
}

impl LinePage {
    /// A form field's value, or empty.
    fn f(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    /// The message for a field, if it has one.
    fn err(&self, k: &str) -> Option<&str> {
        self.errors.get(k).map(String::as_str)
    }

    /// The line as the user opened it, as hidden fields, in a steady order.
    fn was_fields(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .form
            .iter()
            .filter(|(k, _)| k.starts_with(line_merge::WAS))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        out.sort_unstable();
        out
    }

    /// The attributes that mark a field invalid and tie it to its message.
    fn invalid(&self, k: &str) -> String {
        if self.errors.contains_key(k) {
            format!(" aria-invalid=\"true\" aria-describedby=\"{k}-fel\"")
        } else {
            String::new()
        }
    }
}

/// Puts the line as the user opens it into the form: its fingerprint and its fields as
/// `was_*`, the base a later save is merged against.
fn opened_as(form: &mut HashMap<String, String>, line: &Line, plan: &Plan) {
    form.retain(|k, _| !k.starts_with(line_merge::WAS));
    for (k, v) in plan_edit::line_fields_in(line, &plan.budget.years, plan.budget.unit) {
        form.insert(format!("{}{k}", line_merge::WAS), v);
    }
    form.insert("fingerprint".into(), plan_edit::fingerprint(line));
}

fn line_at(plan: &Plan, s: usize, l: usize) -> Option<&Line> {
    plan.budget.sections.get(s)?.lines.get(l)
}

fn indices(s: &str, l: &str) -> Result<(usize, usize), AppError> {
    let s = usize::try_from(id(s)?).map_err(|_| AppError::NotFound)?;
    let l = usize::try_from(id(l)?).map_err(|_| AppError::NotFound)?;
    Ok((s, l))
}

async fn line_page(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    (s, li): (usize, usize),
    form: HashMap<String, String>,
    errors: FieldErrors,
    conflict: Option<Conflict>,
) -> Result<String, AppError> {
    let n = nav(l);
    let section = l
        .plan
        .budget
        .sections
        .get(s)
        .map(|_| section_path(&l.plan, s))
        .unwrap_or_default();
    Ok(LinePage {
        layout: Layout::version(state, user, l, Here::Budget, "Ändra budgetrad")
            .await?
            .crumb("Budget", format!("{}/budget", n.base)),
        action: format!("{}/budget/rad/{s}/{li}", n.base),
        nav: n,
        section,
        years: l.plan.budget.years.clone(),
        form,
        errors,
        kinds: KINDS.to_vec(),
        categories: categories(),
        roundings: finsam_core::money::Rounding::ALL
            .iter()
            .map(|(_, w)| *w)
            .collect(),
        conflict,
        unit: l.plan.budget.unit.label(),
    }
    .render()?)
}

/// The form for one line, filled in with the line as it is.
pub async fn edit_form(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, s, li)): Path<(String, String, String, String)>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Read).await?;
    let (s, li) = indices(&s, &li)?;
    let line = line_at(&l.plan, s, li).ok_or(AppError::NotFound)?;
    let mut form = plan_edit::line_fields_in(line, &l.plan.budget.years, l.plan.budget.unit);
    opened_as(&mut form, line, &l.plan);
    Ok(
        Html(line_page(&state, user, &l, (s, li), form, FieldErrors::new(), None).await?)
            .into_response(),
    )
}

/// A line's amounts per year, for the audit sentence.
fn amounts(plan: &Plan, line: &Line) -> Vec<Money> {
    finsam_core::calc::line_amounts(plan, line, &plan.budget.years, finsam_core::Location::Plan)
        .unwrap_or_default()
}

/// An edit of the draft: the changed plan and the audit log's sentence, from the plan as it is
/// now, or the edit's refusal.
pub type Edit<E> = Result<(Plan, String, ()), E>;

/// Applies `edit` to the draft and goes to `then`. When someone else saved the draft in between,
/// the edit is applied again to the draft as it is now (see `App::edit_draft`): only a refusal
/// of the edit itself (what it changes was changed) comes back, as `Ok(Err(refusal))`.
pub async fn apply<E>(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    then: &str,
    edit: impl FnMut(&Plan) -> Edit<E>,
) -> Result<Result<Response, E>, AppError> {
    match state
        .app
        .edit_draft(user.actor(), &l.version, l.plan.clone(), edit)
        .await
    {
        Ok(_) => Ok(Ok(Redirect::to(then).into_response())),
        Err(EditError::Refused(e)) => Ok(Err(e)),
        Err(EditError::Save(SaveError::Conflict)) => Err(AppError::Conflict {
            message: "Utkastet ändrades av andra hela tiden medan du sparade. Ladda om budgeten och gör ändringen igen.".into(),
            current: None,
        }),
        Err(EditError::Save(SaveError::Uncomputable(e))) => Err(AppError::Unprocessable {
            title: "Ändringen gick inte att räkna med",
            message: format!("{e}. Ingenting har ändrats."),
            items: Vec::new(),
            needs_confirmation: None,
        }),
        Err(EditError::Save(SaveError::Adopted)) => Err(AppError::BadRequest(
            "Versionen är beslutad och kan inte ändras. Starta en revidering.".into(),
        )),
        Err(EditError::Save(SaveError::Store(e))) => Err(e.into()),
    }
}

/// [`apply`] for an edit whose refusal is already the answer.
pub async fn apply_or_refuse(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    then: &str,
    edit: impl FnMut(&Plan) -> Edit<AppError>,
) -> Result<Response, AppError> {
    apply(state, user, l, then, edit).await?
}

fn editor_url(l: &Loaded) -> String {
    format!("{}/budget?sparat=1", nav(l).base)
}

/// Saves one line from its form.
pub async fn save(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, s, li)): Path<(String, String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    let (s, li) = indices(&s, &li)?;
    line_at(&l.plan, s, li).ok_or(AppError::NotFound)?;
    let typed: HashMap<String, String> = fields.iter().cloned().collect();
    let new = match plan_edit::parse_line_in(&fields, &l.plan.budget.years, l.plan.budget.unit) {
        Ok(line) => line,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(line_page(&state, user, &l, (s, li), typed, errors, None).await?),
            )
                .into_response());
        }
    };
    let seen = get(&fields, "fingerprint").to_owned();
    let (years, unit) = (l.plan.budget.years.clone(), l.plan.budget.unit);
    let base = line_merge::canonical(&line_merge::opened_as(&fields), &years, unit);
    let mine = plan_edit::line_fields_in(&new, &years, unit);
    let edited = apply(&state, user, &l, &editor_url(&l), |plan| {
        let current = line_at(plan, s, li).ok_or(LineRefusal::Gone)?;
        let new = if plan_edit::fingerprint(current) == seen {
            new.clone()
        } else {
            // Someone saved the line since the user opened it: merge field by field.
            if base.is_empty() {
                return Err(LineRefusal::Conflict(Vec::new(), typed_of(&fields)));
            }
            let theirs = plan_edit::line_fields_in(current, &years, unit);
            let merged = line_merge::merge(&base, &mine, &theirs);
            if !merged.conflicts.is_empty() {
                return Err(LineRefusal::Conflict(merged.conflicts, merged.fields));
            }
            let as_list: Fields = merged.fields.clone().into_iter().collect();
            plan_edit::parse_line_in(&as_list, &years, unit)
                .map_err(|e| LineRefusal::Conflict(e.into_keys().collect(), merged.fields))?
        };
        let mut changed = plan.clone();
        let before = amounts(plan, current);
        // What the form does not show (whether the cost is committed) stays as it was.
        let new = Line {
            committed: current.committed,
            ..new
        };
        changed.budget.sections[s].lines[li] = new.clone();
        let after = amounts(&changed, &new);
        let summary = plan_edit::describe_change(
            &plan.budget.sections[s].name,
            Some((current, &before)),
            Some((&new, &after)),
            &plan.budget.years,
        );
        Ok((changed, summary, ()))
    })
    .await?;
    match edited {
        Ok(done) => Ok(done),
        Err(refusal) => {
            // The line itself was changed (or is gone): show it as it is now.
            let l = req.load(&state, Action::Edit).await?;
            let now = line_at(&l.plan, s, li).ok_or(AppError::NotFound)?.clone();
            let (conflicts, form) = match refusal {
                LineRefusal::Gone => (Vec::new(), typed),
                LineRefusal::Conflict(c, merged) => (c, merged),
            };
            conflict(&state, user, &l, (s, li), &now, (conflicts, form)).await
        }
    }
}

/// Why a line's save was not applied.
enum LineRefusal {
    /// The line is no longer there.
    Gone,
    /// Someone else changed these fields too (none listed: the form had no base to merge
    /// against); the merged form, with the user's values in those fields.
    Conflict(Vec<String>, HashMap<String, String>),
}

/// The fields the user typed, without the form's own.
fn typed_of(fields: &Fields) -> HashMap<String, String> {
    fields
        .iter()
        .filter(|(k, _)| !k.starts_with(line_merge::WAS) && k != "fingerprint" && k != "_csrf")
        .cloned()
        .collect()
}

/// One field both people changed: its name, the user's value and the value saved now.
pub struct ConflictField {
    /// The field's name in the form, for a link to it.
    pub key: String,
    /// The field's label.
    pub label: String,
    /// What the user typed.
    pub mine: String,
    /// What the other person saved.
    pub theirs: String,
}

/// What the conflict page says: who changed the line and when, and the fields both changed.
pub struct Conflict {
    /// "Demo Ekonom (ekonom) sparade raden 2024-06-14 10:32:05."
    pub who: String,
    /// The fields to decide; empty when the whole line is shown instead.
    pub fields: Vec<ConflictField>,
    /// The line as it is now, field by field, when there is nothing finer to show.
    pub now: Vec<(String, String)>,
}

/// The conflict page: the merged form (the other person's changes in, the user's values in the
/// fields both changed), who changed the line and when, and each field both changed with both
/// values. The form's base is now the line as it is, so saving it again keeps the other
/// person's changes and takes the user's values only where the user decided.
async fn conflict(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    (s, li): (usize, usize),
    now: &Line,
    (conflicts, mut form): (Vec<String>, HashMap<String, String>),
) -> Result<Response, AppError> {
    let (years, unit) = (&l.plan.budget.years, l.plan.budget.unit);
    let theirs = plan_edit::line_fields_in(now, years, unit);
    let fields: Vec<ConflictField> = conflicts
        .iter()
        .map(|k| ConflictField {
            key: k.clone(),
            label: line_merge::label(k),
            mine: form.get(k).cloned().unwrap_or_default(),
            theirs: theirs.get(k).cloned().unwrap_or_default(),
        })
        .collect();
    let mut shown: Vec<(String, String)> = vec![
        ("Namn".into(), now.name.clone()),
        ("Kategori".into(), now.category.label().into()),
    ];
    for (y, m) in years.iter().zip(amounts(&l.plan, now)) {
        shown.push((y.to_string(), finsam_core::format::kr(m)));
    }
    let who = state
        .app
        .last_change_of(l.association.id, l.version.id)
        .await?
        .map_or_else(
            || "Någon annan har ändrat raden sedan du öppnade den.".to_owned(),
            |c| format!("{} sparade raden {}.", c.user, c.at),
        );
    opened_as(&mut form, now, &l.plan);
    let mut errors = FieldErrors::new();
    errors.insert(
        "conflict".into(),
        if fields.is_empty() {
            "Raden har ändrats sedan du öppnade den. Det du skrev finns kvar nedan; jämför med \
             raden som den är nu och spara igen om du vill skriva över."
                .into()
        } else {
            "Ni har ändrat samma fält. Den andras övriga ändringar är redan med i formuläret nedan; \
             välj värdet i fälten här och spara igen."
                .into()
        },
    );
    for k in &conflicts {
        errors.insert(
            k.clone(),
            format!(
                "Ändrat av båda: du skrev \"{}\", sparat nu är \"{}\".",
                form.get(k).cloned().unwrap_or_default(),
                theirs.get(k).cloned().unwrap_or_default()
            ),
        );
    }
    let conflict = Conflict {
        who,
        now: if fields.is_empty() { shown } else { Vec::new() },
        fields,
    };
    Ok((
        StatusCode::CONFLICT,
        Html(line_page(state, user, l, (s, li), form, errors, Some(conflict)).await?),
    )
        .into_response())
}

/// Adds a line with a fixed amount to a section.
pub async fn add(
    State(state): State<AppState>,
    req: PlanRequest,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let s = get(&fields, "section")
        .parse::<usize>()
        .ok()
        .filter(|s| *s < l.plan.budget.sections.len());
    if s.is_none() {
        errors.push(("ny-section", "Välj ett avsnitt.".to_owned()));
    }
    let name = get(&fields, "name");
    if name.is_empty() {
        errors.push(("ny-name", "Skriv radens namn.".to_owned()));
    } else if name.chars().count() > plan_edit::MAX_LINE_NAME {
        errors.push((
            "ny-name",
            format!(
                "Namnet har {} tecken; en rad får heta högst {} tecken.",
                name.chars().count(),
                plan_edit::MAX_LINE_NAME
            ),
        ));
    }
    let category = Category::from_word(get(&fields, "category"));
    if category.is_none() {
        errors.push(("ny-category", "Välj en kategori.".to_owned()));
    }
    let amount = Money::parse_in(get(&fields, "amount"), l.plan.budget.unit);
    if let Err(e) = &amount {
        errors.push((
            "ny-amount",
            format!("Beloppet: {e}. Skriv t.ex. -250 000 för en kostnad."),
        ));
    }
    let (Some(s), Some(category), Ok(amount), true) = (s, category, amount, errors.is_empty())
    else {
        let add = AddForm {
            fields: fields.iter().cloned().collect(),
            errors,
        };
        return editor_page(&state, &req, &HashMap::new(), (add, AddForm::default())).await;
    };
    let line = Line {
        name: name.into(),
        category,
        payer: None,
        amount: AmountSpec::Fixed(amount),
        note: None,
        committed: None,
    };
    apply_or_refuse(&state, user, &l, &editor_url(&l), |plan| {
        let mut changed = plan.clone();
        let section = changed
            .budget
            .sections
            .get_mut(s)
            .ok_or_else(|| AppError::BadRequest("Avsnittet finns inte längre.".into()))?;
        section.lines.push(line.clone());
        let summary =
            plan_edit::describe_change(&section.name, None, Some((&line, &[])), &plan.budget.years);
        Ok((changed, summary, ()))
    })
    .await
}

/// Sets the sums the plan prints to the computed ones: after edits in Finsam the printed document
/// they were checked against no longer exists.
pub async fn update_printed(
    State(state): State<AppState>,
    req: PlanRequest,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    apply_or_refuse(&state, user, &l, &editor_url(&l), |plan| {
        let fig = compute(plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
        let mut changed = plan.clone();
        finsam_core::calc::set_printed_to_computed(&mut changed, &fig);
        let summary = "De tryckta summorna sattes till de beräknade".to_owned();
        Ok((changed, summary, ()))
    })
    .await
}

/// Sets the opening equity (its parts, or the amount) from the form on the budget page.
pub async fn update_opening(
    State(state): State<AppState>,
    req: PlanRequest,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    if let Err(errors) = plan_edit::set_opening(&mut (*l.plan).clone(), &fields) {
        let opening = AddForm {
            fields: fields.iter().cloned().collect(),
            errors: errors
                .into_iter()
                .map(|(k, e)| (opening_id(&k), e))
                .collect(),
        };
        return editor_page(&state, &req, &HashMap::new(), (AddForm::default(), opening)).await;
    }
    apply_or_refuse(&state, user, &l, &editor_url(&l), |plan| {
        let mut changed = plan.clone();
        let summary = plan_edit::set_opening(&mut changed, &fields)
            .map_err(|e| AppError::BadRequest(e.into_values().collect::<Vec<_>>().join(" ")))?;
        Ok((changed, summary, ()))
    })
    .await
}

/// The element id of an opening-equity field, for the error summary's links.
fn opening_id(field: &str) -> &'static str {
    match field {
        "closed" => "ib-closed",
        "forecast" => "ib-forecast",
        _ => "ib-opening",
    }
}

/// The line at (s, li) of `plan`, if it is still the line the user saw (its fingerprint is the
/// one the form carries); otherwise a message that says the change `what` was not made.
fn seen_line<'p>(
    plan: &'p Plan,
    (s, li): (usize, usize),
    fields: &Fields,
    what: &str,
) -> Result<&'p Line, AppError> {
    let current = line_at(plan, s, li).ok_or(AppError::NotFound)?;
    if get(fields, "fingerprint") != plan_edit::fingerprint(current) {
        return Err(AppError::Conflict {
            message: format!(
                "Raden har ändrats sedan du öppnade sidan och {what}. Ladda om budgeten."
            ),
            current: None,
        });
    }
    Ok(current)
}

/// Asks before a line is deleted: the line with its amounts, the button that deletes it, and
/// the way back.
pub async fn delete_confirm(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, s, li)): Path<(String, String, String, String)>,
) -> Result<Response, AppError> {
    let (s, li) = indices(&s, &li)?;
    let l = req.load(&state, Action::Edit).await?;
    let line = line_at(&l.plan, s, li).ok_or(AppError::NotFound)?;
    let n = nav(&l);
    let page = DeletePage {
        layout: Layout::version(&state, &req.user, &l, Here::Budget, "Ta bort budgetrad")
            .await?
            .crumb("Budget", format!("{}/budget", n.base)),
        action: format!("{}/budget/rad/{s}/{li}/ta-bort", n.base),
        back: format!("{}/budget", n.base),
        name: line.name.clone(),
        section: section_path(&l.plan, s),
        category: line.category.label(),
        amounts: l
            .plan
            .budget
            .years
            .iter()
            .zip(amounts(&l.plan, line))
            .map(|(y, m)| {
                (
                    y.to_string(),
                    finsam_core::format::exact(m, l.plan.budget.unit),
                )
            })
            .collect(),
        unit: l.plan.budget.unit.label(),
        fingerprint: plan_edit::fingerprint(line),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "line_delete.html")]
struct DeletePage {
    layout: Layout,
    action: String,
    back: String,
    name: String,
    section: String,
    category: &'static str,
    amounts: Vec<(String, String)>,
    unit: &'static str,
    fingerprint: String,
}

/// Deletes a line, if it is still the line the user saw, and offers to undo it.
pub async fn delete(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, s, li)): Path<(String, String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let at = indices(&s, &li)?;
    let l = req.load(&state, Action::Edit).await?;
    apply_or_refuse(&state, &req.user, &l, &editor_url(&l), |plan| {
        let current = seen_line(plan, at, &fields, "togs inte bort")?;
        let before = amounts(plan, current);
        let summary = plan_edit::describe_change(
            &plan.budget.sections[at.0].name,
            Some((current, &before)),
            None,
            &plan.budget.years,
        );
        let mut changed = plan.clone();
        changed.budget.sections[at.0].lines.remove(at.1);
        Ok((changed, summary, ()))
    })
    .await?;
    // The deletion just made is the draft's newest change by this user: its event undoes it.
    let event = state
        .app
        .last_change_event(l.association.id, l.version.id)
        .await?
        .filter(|e| e.entry.user == Some(req.user.user.id))
        .map(|e| e.entry.id);
    let base = format!("{}/budget", nav(&l).base);
    Ok(Redirect::to(&match event {
        Some(e) => format!("{base}?borttagen={e}#angra"),
        None => format!("{base}?sparat=1"),
    })
    .into_response())
}

/// Puts a deleted line back at its place in the draft (audited as a change of its own).
pub async fn undo_delete(
    State(state): State<AppState>,
    req: PlanRequest,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let l = req.load(&state, Action::Edit).await?;
    let event: i64 = get(&fields, "handelse").parse().map_err(|_| {
        AppError::BadRequest("Det finns ingen borttagen rad att återställa här.".into())
    })?;
    let deleted = state
        .app
        .deletion(l.association.id, l.version.id, event)
        .await
        .map_err(AppError::BadRequest)?;
    apply_or_refuse(&state, &req.user, &l, &editor_url(&l), |plan| {
        let changed =
            finsam_app::undo::restore(plan, &deleted).map_err(|e| AppError::Conflict {
                message: e,
                current: None,
            })?;
        let summary = format!(
            "Raden \"{}\" i \"{}\" återställdes på sin plats (borttagningen ångrades)",
            deleted.line.name, deleted.section.1
        );
        Ok((changed, summary, ()))
    })
    .await
}

/// Moves a line one step up or down within its section.
pub async fn move_line(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, s, li)): Path<(String, String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (s, li) = indices(&s, &li)?;
    let l = req.load(&state, Action::Edit).await?;
    let up = match get(&fields, "riktning") {
        "upp" => true,
        "ner" => false,
        _ => return Ok(Redirect::to(&editor_url(&l)).into_response()),
    };
    let count = |plan: &Plan| plan.budget.sections.get(s).map_or(0, |x| x.lines.len());
    let target = move |n: usize| match up {
        true if li > 0 => Some(li - 1),
        false if li + 1 < n => Some(li + 1),
        _ => None,
    };
    if target(count(&l.plan)).is_none() {
        // Already first or last: nothing to change.
        return Ok(Redirect::to(&editor_url(&l)).into_response());
    }
    apply_or_refuse(&state, &req.user, &l, &editor_url(&l), |plan| {
        let current = seen_line(plan, (s, li), &fields, "flyttades inte")?;
        let to = target(count(plan)).ok_or_else(|| AppError::Conflict {
            message: "Avsnittet har ändrats så att raden inte kan flyttas dit. Ladda om budgeten."
                .into(),
            current: None,
        })?;
        let summary = format!(
            "Raden \"{}\" i \"{}\" flyttades {}",
            current.name,
            plan.budget.sections[s].name,
            if up { "upp" } else { "ner" }
        );
        let mut changed = plan.clone();
        changed.budget.sections[s].lines.swap(li, to);
        Ok((changed, summary, ()))
    })
    .await
}

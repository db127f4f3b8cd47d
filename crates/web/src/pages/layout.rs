//! The frame of every page: the header with the förbund and its switcher, the förbund's one
//! navigation with the current page marked, the breadcrumbs and the page title.

use finsam_app::{Action, Resource, allows};
use finsam_store::{Association, Role, VersionHead};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// Where in the förbund's navigation a page belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Here {
    /// Översikt: the plan's dashboard.
    Overview,
    /// Budget.
    Budget,
    /// Uppföljning: the bookkeeping against the budget.
    FollowUp,
    /// Mål.
    Goals,
    /// Versioner: the förbund's plans and versions.
    Versions,
    /// Logg: the audit log.
    Log,
    /// Insatser: the applications and insatser.
    Insatser,
    /// Möten: the board's meetings and what was decided there.
    Meetings,
    /// Rapporter: the reports the insatser owe.
    Reports,
    /// Deltagare: the insatser's participant reports.
    Participants,
    /// A page of the förbund outside the navigation (API keys, members).
    Elsewhere,
}

/// One link of the navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// What it says.
    pub label: &'static str,
    /// Where it goes.
    pub url: String,
    /// It is the page shown (or the part of the app it is in).
    pub current: bool,
}

/// One step of the breadcrumbs; the last one, the page itself, is the title.
#[derive(Debug, Clone)]
pub struct Crumb {
    /// What it says.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// Another förbund of the user, for the switcher.
#[derive(Debug, Clone)]
pub struct Other {
    /// Its page.
    pub url: String,
    /// Its name.
    pub name: String,
}

/// The förbund part of the frame.
#[derive(Debug, Clone)]
pub struct Shell {
    /// The förbund's name.
    pub name: String,
    /// Its page.
    pub home: String,
    /// The navigation.
    pub nav: Vec<NavLink>,
    /// The user's other förbund (empty when it has a role in only this one).
    pub others: Vec<Other>,
}

/// What every page's frame needs.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The logged-in user's name, if any.
    pub user: Option<String>,
    /// The CSRF token for forms.
    pub csrf: String,
    /// The page title (its heading, and the first part of the window's title).
    pub title: String,
    /// The förbund the page is in, if any.
    pub shell: Option<Shell>,
    /// The way here, before the page itself.
    pub crumbs: Vec<Crumb>,
    /// Today in Sweden, for the printed page's header.
    pub today: String,
    /// The page's tables as files, listed below its heading.
    pub exports: Vec<super::export::ExportLink>,
}

impl Layout {
    /// The frame of a page outside any förbund.
    pub fn new(user: &CurrentUser, title: impl Into<String>) -> Layout {
        Layout {
            user: Some(user.user.display_name.clone()),
            csrf: user.session.csrf_token.clone(),
            title: title.into(),
            shell: None,
            crumbs: Vec::new(),
            today: finsam_app::clock::today(),
            exports: Vec::new(),
        }
    }

    /// The frame of a page with no one logged in (the login page, an error page).
    pub fn anonymous(csrf: String, title: impl Into<String>) -> Layout {
        Layout {
            user: None,
            csrf,
            title: title.into(),
            shell: None,
            crumbs: Vec::new(),
            today: finsam_app::clock::today(),
            exports: Vec::new(),
        }
    }

    /// The frame of a page in `association`, at `here` of its navigation; under `version`
    /// when the page is one of a plan version's (the navigation then stays in that version).
    pub async fn within(
        state: &AppState,
        user: &CurrentUser,
        (association, role): (&Association, Role),
        version: Option<&VersionHead>,
        here: Here,
        title: impl Into<String>,
    ) -> Result<Layout, AppError> {
        let home = format!("/forbund/{}", association.id.0);
        let plan =
            version.map_or_else(|| home.clone(), |v| super::version_url(v.association, v.id));
        let (overview, budget, goals) = match version {
            Some(_) => (
                plan.clone(),
                format!("{plan}/budget"),
                format!("{plan}/mal"),
            ),
            None => (
                format!("{home}/oversikt"),
                format!("{home}/budget"),
                format!("{home}/mal"),
            ),
        };
        let insatser = (Here::Insatser, "Insatser", format!("{home}/insatser"));
        // An insatsägare reaches its own applications and nothing else of the förbund's.
        let reports = (Here::Reports, "Rapporter", format!("{home}/rapporter"));
        let participants = (Here::Participants, "Deltagare", format!("{home}/deltagare"));
        let mut nav = if role == Role::InsatsOwner {
            vec![insatser, reports, participants]
        } else {
            vec![
                (Here::Overview, "Översikt", overview),
                (Here::Budget, "Budget", budget),
                (Here::FollowUp, "Uppföljning", format!("{home}/uppfoljning")),
                (Here::Goals, "Mål", goals),
                insatser,
                (Here::Meetings, "Möten", format!("{home}/moten")),
                reports,
                participants,
                (Here::Versions, "Versioner", home.clone()),
            ]
        };
        if allows(role, Action::Read, Resource::AuditLog) {
            nav.push((Here::Log, "Logg", format!("{home}/logg")));
        }
        let others = state
            .app
            .memberships(user.user.id)
            .await?
            .iter()
            .filter(|m| m.association != association.id)
            .map(|m| Other {
                url: format!("/forbund/{}", m.association.0),
                name: m.name.clone(),
            })
            .collect();
        // The förbund's own page is not an insatsägare's: its name leads to the insatser.
        let landing = if role == Role::InsatsOwner {
            format!("{home}/insatser")
        } else {
            home.clone()
        };
        let mut crumbs = vec![Crumb {
            label: association.name.clone(),
            url: landing.clone(),
        }];
        // A version's dashboard is the version itself: its title is the crumb.
        if let Some(v) = version.filter(|_| here != Here::Overview) {
            crumbs.push(Crumb {
                label: v.label(),
                url: plan,
            });
        }
        Ok(Layout {
            shell: Some(Shell {
                name: association.name.clone(),
                home: landing,
                nav: nav
                    .into_iter()
                    .map(|(at, label, url)| NavLink {
                        label,
                        url,
                        current: at == here,
                    })
                    .collect(),
                others,
            }),
            crumbs,
            ..Layout::new(user, title)
        })
    }

    /// The frame of a page of a loaded plan version.
    pub async fn version(
        state: &AppState,
        user: &CurrentUser,
        l: &super::Loaded,
        here: Here,
        title: impl Into<String>,
    ) -> Result<Layout, AppError> {
        let layout = Layout::within(
            state,
            user,
            (&l.association, l.role),
            Some(&l.version),
            here,
            title,
        )
        .await?;
        Ok(match here {
            Here::Overview | Here::Budget | Here::Goals => {
                let base = format!(
                    "{}/export",
                    super::version_url(l.association.id, l.version.id)
                );
                layout.exports(&base, "plan", &super::plan::PLAN_TABLES, "")
            }
            _ => layout,
        })
    }

    /// The plan's exports in `unit` (the unit the page shows), when it is not the plan's own.
    #[must_use]
    pub fn exports_in(self, l: &super::Loaded, unit: finsam_core::format::Unit) -> Layout {
        if unit == l.plan.budget.unit {
            return self;
        }
        let base = format!(
            "{}/export",
            super::version_url(l.association.id, l.version.id)
        );
        self.exports(
            &base,
            "plan",
            &super::plan::PLAN_TABLES,
            &format!("enhet={}", unit.label()),
        )
    }

    /// Lists the page's exports: the workbook `{stem}.xlsx` and each of `tables` as CSV, under
    /// `base` (ending in `/export`), with the page's `query`.
    #[must_use]
    pub fn exports(mut self, base: &str, stem: &str, tables: &[&str], query: &str) -> Layout {
        self.exports = super::export::links(base, stem, tables, query);
        self
    }

    /// Adds a step to the breadcrumbs (between the förbund or version and the page).
    #[must_use]
    pub fn crumb(mut self, label: impl Into<String>, url: impl Into<String>) -> Layout {
        self.crumbs.push(Crumb {
            label: label.into(),
            url: url.into(),
        });
        self
    }

    /// The window's title: the page, the förbund, Finsam.
    pub fn window_title(&self) -> String {
        match &self.shell {
            Some(s) if s.name != self.title => format!("{} – {} – Finsam", self.title, s.name),
            _ => format!("{} – Finsam", self.title),
        }
    }
}

//! Help that needs no förbund: the glossary of the hard concepts and the accessibility
//! statement that the law on accessibility to digital public services (DOS-lagen) requires.
//! Both are readable without logging in.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;

use super::Layout;
use crate::AppState;
use crate::auth;
use crate::error::AppError;

/// One concept of the glossary.
#[derive(Debug)]
pub struct Term {
    /// The anchor other pages link to (`/ordlista#beslutsutrymme`).
    pub id: &'static str,
    /// The word.
    pub word: &'static str,
    /// What it means, in a sentence or three.
    pub meaning: &'static str,
}

/// The term with anchor `id`, for an explanation beside the concept on a page.
pub fn term(id: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.id == id)
}

/// The concepts pages explain, in alphabetical order. Pages link to them by `id`.
pub const TERMS: &[Term] = &[
    Term {
        id: "administrationsandel",
        word: "Administrationsandel",
        meaning: "Hur stor del av förbundets kostnader som går till administration (kansli, styrelse, revision och liknande). Andelen räknas som administrativa kostnader delat med alla kostnader; vilka rader som räknas som administration bestäms av radens kategori i budgeten. Många förbund har ett eget mål, till exempel högst 29 %.",
    },
    Term {
        id: "beslutsutrymme",
        word: "Kvarvarande beslutsutrymme",
        meaning: "Hur mycket mer styrelsen kan bevilja under året utan att det egna kapitalet tar slut: eget kapital vid årets början plus årets intäkter minus de kostnader som redan är planerade.",
    },
    Term {
        id: "eget-kapital",
        word: "Eget kapital",
        meaning: "Det förbundet har kvar av tidigare års medel. Eget kapital vid årets slut (UB) är eget kapital vid årets början (IB) plus årets resultat, och blir nästa års ingående eget kapital.",
    },
    Term {
        id: "intervall",
        word: "Förbundets intervall för eget kapital",
        meaning: "Den nivå förbundet självt har beslutat att det egna kapitalet ska ligga inom, till exempel mellan 200 000 och 720 000 kr. Finsam visar om det egna kapitalet vid årets slut ligger under, inom eller över intervallet.",
    },
    Term {
        id: "medel-till-forfogande",
        word: "Medel till förfogande",
        meaning: "Det som finns kvar att besluta om när de åtaganden förbundet redan har gjort (beviljade insatser och administration) och den likviditetsbuffert förbundet vill behålla är räknade.",
    },
    Term {
        id: "medlemsbidrag",
        word: "Medlemsbidrag",
        meaning: "Det medlemmarna betalar till förbundet. Enligt lagen om finansiell samordning betalar Försäkringskassan och Arbetsförmedlingen tillsammans hälften, regionen en fjärdedel och kommunerna en fjärdedel.",
    },
    Term {
        id: "rekommendation",
        word: "Rekommendationen om eget kapital",
        meaning: "Nationella rådets rekommendation att det egna kapitalet inte bör vara större än en rimlig nivå, i praktiken 20 % av årets medlemsbidrag. Ett eget kapital över nivån kan minska statens tilldelning året därpå.",
    },
    Term {
        id: "stegforflyttning",
        word: "Stegförflyttning",
        meaning: "Att en deltagare har kommit närmare arbete eller studier när insatsen avslutas, till exempel till arbete, studier eller arbetssökande. Andelen räknas på de avslutade deltagarna.",
    },
    Term {
        id: "tkr",
        word: "tkr",
        meaning: "Tusental kronor: 3 600 tkr är 3 600 000 kr. Många förbund skriver sin budget i tkr; Finsam räknar alltid exakt i kronor och ören och visar tkr när planen är skriven så.",
    },
    Term {
        id: "utfall",
        word: "Utfall, budget och avvikelse",
        meaning: "Utfallet är det som är bokfört. Avvikelsen är budget minus utfall för kostnader och utfall minus budget för intäkter, så att ett positivt tal betyder pengar kvar. Perioder efter den sista bokförda dagen har inget utfall och visas som sådana.",
    },
];

#[derive(Template)]
#[template(path = "glossary.html")]
struct GlossaryPage {
    layout: Layout,
    terms: &'static [Term],
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

async fn layout(state: &AppState, headers: &HeaderMap, title: &str) -> Result<Layout, AppError> {
    Ok(match auth::current_user(state, headers, false).await? {
        Some(user) => Layout::new(&user, title),
        None => Layout::anonymous(String::new(), title),
    })
}

/// The glossary.
pub async fn glossary(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        GlossaryPage {
            layout: layout(&state, &headers, "Ordlista").await?,
            terms: TERMS,
        }
        .render()?,
    ))
}

/// The accessibility statement.
pub async fn accessibility(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        AccessibilityPage {
            layout: layout(&state, &headers, "Tillgänglighetsredogörelse").await?,
        }
        .render()?,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn terms_are_in_order_with_unique_anchors() {
        let words: Vec<_> = super::TERMS.iter().map(|t| t.id).collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(words, sorted);
    }
}

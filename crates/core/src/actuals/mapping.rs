//! Which account goes where: the fixed layout of the income statement and balance sheet by
//! account class (Kommun-Bas or BAS), and the association's editable rules that tie result
//! accounts to budget lines and categories.
//!
//! Rules are written one per line, so that they can be edited in a plain text box:
//!
//! ```text
//! # konto eller intervall, kategori, och eventuellt budgetraden inom citattecken
//! 3010-3019 medlemsbidrag
//! 4010      insats        "Coachingteamet"
//! 4020-4029 strukturell
//! ```

use std::collections::BTreeSet;

use crate::budget::Category;

/// The chart of accounts the bookkeeping follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Chart {
    /// Kommun-Bas, which most public bodies use: 4 goods and services, 5 staff,
    /// 6–7 other costs, 84 financial income, 85 financial costs.
    #[default]
    KommunBas,
    /// BAS, the private sector's chart: 4 goods, 5–6 other external costs, 7 staff,
    /// 80–83 financial income, 84 financial costs.
    Bas,
}

impl Chart {
    /// The word used in forms and the API.
    pub fn word(self) -> &'static str {
        match self {
            Chart::KommunBas => "kommunbas",
            Chart::Bas => "bas",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Chart::KommunBas => "Kommun-Bas",
            Chart::Bas => "BAS",
        }
    }

    /// From the word.
    pub fn from_word(word: &str) -> Option<Chart> {
        match word.trim().to_lowercase().as_str() {
            "kommunbas" | "kommun-bas" => Some(Chart::KommunBas),
            "bas" => Some(Chart::Bas),
            _ => None,
        }
    }

    /// The default rules of the chart, by account class. A förbund's income is almost all member
    /// contributions, and its goods and services are almost all insatser; the rest of the costs
    /// are the office's. Each association refines these with its own rules.
    pub fn default_rules(self) -> Vec<Rule> {
        let r = |from: u32, to: u32, category: Category| Rule {
            from,
            to,
            category,
            line: None,
        };
        match self {
            Chart::KommunBas => vec![
                r(3000, 3999, Category::MemberContribution),
                r(4000, 4999, Category::Insats),
                r(5000, 7999, Category::Administration),
                r(8000, 8499, Category::FinancialIncome),
                r(8500, 8799, Category::FinancialCost),
            ],
            Chart::Bas => vec![
                r(3000, 3999, Category::MemberContribution),
                r(4000, 4999, Category::Insats),
                r(5000, 7999, Category::Administration),
                r(8000, 8399, Category::FinancialIncome),
                r(8400, 8799, Category::FinancialCost),
            ],
        }
    }

    /// Where an account stands in the statements.
    pub fn classify(self, account: &str) -> Class {
        let Ok(no) = account.parse::<u32>() else {
            return Class::Unknown;
        };
        if !(1000..=9999).contains(&no) {
            return Class::Unknown;
        }
        let group = no / 100;
        use BalanceRow as B;
        use StatementRow as S;
        match group {
            10..=13 => Class::Balance(B::FixedAssets),
            14 => Class::Balance(B::Inventory),
            15..=17 => Class::Balance(B::Receivables),
            18 => Class::Balance(B::ShortInvestments),
            19 => Class::Balance(B::Cash),
            20 => Class::Balance(B::Equity),
            21 | 22 => Class::Balance(B::Provisions),
            23 => Class::Balance(B::LongTermLiabilities),
            24..=29 => Class::Balance(B::ShortTermLiabilities),
            30..=39 => Class::Result(S::Income),
            88 | 89 => Class::Closing,
            _ => match (self, group) {
                (Chart::KommunBas, 68) | (Chart::Bas, 78) => Class::Result(S::Depreciation),
                (_, 40..=79) => Class::Result(S::OperatingCosts),
                (Chart::KommunBas, 80..=84) | (Chart::Bas, 80..=83) => {
                    Class::Result(S::FinancialIncome)
                }
                _ => Class::Result(S::FinancialCosts),
            },
        }
    }
}

/// A row of the income statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatementRow {
    Income,
    OperatingCosts,
    Depreciation,
    FinancialIncome,
    FinancialCosts,
}

/// A row of the balance sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BalanceRow {
    FixedAssets,
    Inventory,
    Receivables,
    ShortInvestments,
    Cash,
    Equity,
    Provisions,
    LongTermLiabilities,
    ShortTermLiabilities,
}

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Balance(BalanceRow),
    Result(StatementRow),
    /// Appropriations, tax and the year's result (88–89): the closing of the books, left out of
    /// the statements, whose result Finsam computes itself.
    Closing,
    /// Not a four-digit account number.
    Unknown,
}

/// One mapping rule: accounts `from..=to` belong to a category and, when given, a budget line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub from: u32,
    pub to: u32,
    pub category: Category,
    /// The name of the plan's budget line.
    pub line: Option<String>,
}

impl Rule {
    fn covers(&self, no: u32) -> bool {
        self.from <= no && no <= self.to
    }

    fn width(&self) -> u32 {
        self.to - self.from
    }

    /// The rule as written in the rules text.
    pub fn to_text(&self) -> String {
        let range = if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{}-{}", self.from, self.to)
        };
        match &self.line {
            Some(l) => format!("{range} {} \"{l}\"", self.category.word()),
            None => format!("{range} {}", self.category.word()),
        }
    }
}

/// Where a result account's money goes in the budget follow-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub category: Category,
    pub line: Option<String>,
    /// Whether one of the association's own rules said so (not the chart's default).
    pub explicit: bool,
}

/// The association's mapping: its chart and its own rules, which take precedence over the
/// chart's defaults; among several rules for an account the narrowest range wins, and among
/// equally narrow ones the last written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    pub chart: Chart,
    pub rules: Vec<Rule>,
}

/// A line of the rules text that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// 1-based line in the text.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rad {}: {}", self.line, self.message)
    }
}

impl Mapping {
    /// Where a result account goes, if anywhere.
    pub fn target(&self, account: &str) -> Option<Target> {
        let no = account.parse::<u32>().ok()?;
        let pick = |rules: &[Rule]| {
            rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.covers(no))
                .min_by_key(|(i, r)| (r.width(), std::cmp::Reverse(*i)))
                .map(|(_, r)| r.clone())
        };
        if let Some(r) = pick(&self.rules) {
            return Some(Target {
                category: r.category,
                line: r.line,
                explicit: true,
            });
        }
        pick(&self.chart.default_rules()).map(|r| Target {
            category: r.category,
            line: None,
            explicit: false,
        })
    }

    /// The rules text with `account`'s own one-account rule replaced by `rule` (or removed, for
    /// `None`: the account then follows the wider rules or the chart's standard). Every other
    /// line, comments and ranges included, stays as written; the new rule goes last.
    pub fn set_account_rule(text: &str, account: u32, rule: Option<&Rule>) -> String {
        let mut out: String = text
            .lines()
            .filter(|raw| {
                let line = raw.trim();
                line.is_empty()
                    || line.starts_with('#')
                    || !parse_rule(line, None).is_ok_and(|r| r.from == account && r.to == account)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        if let Some(r) = rule {
            out.push_str(&r.to_text());
            out.push('\n');
        }
        out
    }

    /// The rules as text, one per line.
    pub fn rules_text(&self) -> String {
        self.rules.iter().map(|r| r.to_text() + "\n").collect()
    }

    /// Reads rules text. Every line that cannot be read is reported; `known_lines`, when given,
    /// are the budget lines a rule may name.
    pub fn parse_rules(
        text: &str,
        known_lines: Option<&BTreeSet<String>>,
    ) -> Result<Vec<Rule>, Vec<RuleError>> {
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_rule(line, known_lines) {
                Ok(r) => rules.push(r),
                Err(message) => errors.push(RuleError {
                    line: i + 1,
                    message,
                }),
            }
        }
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(errors)
        }
    }
}

fn parse_rule(line: &str, known_lines: Option<&BTreeSet<String>>) -> Result<Rule, String> {
    let (head, quoted) = match line.find('"') {
        Some(q) => {
            let rest = &line[q + 1..];
            let end = rest
                .find('"')
                .ok_or_else(|| "budgetradens namn saknar avslutande citattecken".to_owned())?;
            if !rest[end + 1..].trim().is_empty() {
                return Err("efter budgetradens namn får inget mer stå".to_owned());
            }
            (&line[..q], Some(rest[..end].trim().to_owned()))
        }
        None => (line, None),
    };
    let mut words = head.split_whitespace();
    let range = words
        .next()
        .ok_or_else(|| "kontot eller intervallet saknas".to_owned())?;
    let category_word = words.next().ok_or_else(|| {
        format!(
            "kategorin saknas efter {range}; skriv till exempel \"{range} insats\" (kategorierna: {})",
            category_words()
        )
    })?;
    if let Some(extra) = words.next() {
        return Err(format!(
            "\"{extra}\" kan inte läsas; budgetradens namn skrivs inom citattecken"
        ));
    }
    let account = |t: &str| -> Result<u32, String> {
        t.parse::<u32>()
            .ok()
            .filter(|n| (1000..=9999).contains(n))
            .ok_or_else(|| format!("\"{t}\" är inget fyrsiffrigt kontonummer"))
    };
    let (from, to) = match range.split_once('-') {
        Some((a, b)) => (account(a)?, account(b)?),
        None => {
            let n = account(range)?;
            (n, n)
        }
    };
    if to < from {
        return Err(format!("intervallet {range} slutar före det börjar"));
    }
    if from < 3000 {
        return Err(format!(
            "konto {from} är ett balanskonto; regler gäller resultatkonton (3000–8999)"
        ));
    }
    let category = Category::from_word(category_word).ok_or_else(|| {
        format!(
            "\"{category_word}\" är ingen kategori; välj bland {}",
            category_words()
        )
    })?;
    if let (Some(name), Some(known)) = (&quoted, known_lines)
        && !known.contains(name)
    {
        return Err(format!(
            "budgetraden \"{name}\" finns inte i den gällande planen; skriv namnet som i budgeten"
        ));
    }
    Ok(Rule {
        from,
        to,
        category,
        line: quoted.filter(|l| !l.is_empty()),
    })
}

fn category_words() -> String {
    Category::ALL
        .iter()
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_narrowest_own_rule_wins_over_defaults() {
        let rules = Mapping::parse_rules(
            "# kommentar\n4000-4999 insats\n4010 insats \"Coachingteamet\"\n4020-4029 strukturell\n",
            None,
        )
        .unwrap();
        let m = Mapping {
            chart: Chart::KommunBas,
            rules,
        };
        let t = m.target("4010").unwrap();
        assert_eq!(t.line.as_deref(), Some("Coachingteamet"));
        assert!(t.explicit);
        assert_eq!(m.target("4025").unwrap().category, Category::Structural);
        assert_eq!(m.target("4500").unwrap().category, Category::Insats);
        let d = m.target("5410").unwrap();
        assert_eq!((d.category, d.explicit), (Category::Administration, false));
        assert_eq!(m.target("8999"), None);
        assert_eq!(m.target("ABC"), None);
        assert_eq!(
            m.rules_text().lines().nth(1),
            Some("4010 insats \"Coachingteamet\"")
        );
    }

    #[test]
    fn bad_rules_are_reported_by_line() {
        let known: BTreeSet<String> = ["Coachingteamet".to_owned()].into();
        let errs = Mapping::parse_rules(
            "4010 insats \"Coachingteamet\"\n401 insats\n4010\n4010 kaffe\n4020-4010 insats\n1930 administration\n4010 insats \"Okänd\"\n4010 insats \"Coachingteamet\n",
            Some(&known),
        )
        .unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8]);
        assert!(errs[0].message.contains("fyrsiffrigt"));
        assert!(errs[2].message.contains("ingen kategori"));
        assert!(errs[4].message.contains("balanskonto"));
        assert!(errs[5].message.contains("finns inte"));
    }

    #[test]
    fn the_charts_place_accounts_in_the_statements() {
        let k = Chart::KommunBas;
        assert_eq!(k.classify("1930"), Class::Balance(BalanceRow::Cash));
        assert_eq!(k.classify("2010"), Class::Balance(BalanceRow::Equity));
        assert_eq!(
            k.classify("2440"),
            Class::Balance(BalanceRow::ShortTermLiabilities)
        );
        assert_eq!(k.classify("3010"), Class::Result(StatementRow::Income));
        assert_eq!(
            k.classify("6810"),
            Class::Result(StatementRow::Depreciation)
        );
        assert_eq!(
            k.classify("8410"),
            Class::Result(StatementRow::FinancialIncome)
        );
        assert_eq!(
            k.classify("8590"),
            Class::Result(StatementRow::FinancialCosts)
        );
        assert_eq!(k.classify("8999"), Class::Closing);
        assert_eq!(
            Chart::Bas.classify("8410"),
            Class::Result(StatementRow::FinancialCosts)
        );
        assert_eq!(
            Chart::Bas.classify("7832"),
            Class::Result(StatementRow::Depreciation)
        );
        assert_eq!(k.classify("193"), Class::Unknown);
    }
}

#[cfg(test)]
mod set_rule_tests {
    use super::*;

    #[test]
    fn one_accounts_rule_is_replaced_and_everything_else_stays() {
        let text = "# SOFINT\n4010 insats \"Coachingteamet\"\n4000-4099 insats\n\n6000-6999 administration\n";
        let rule = Rule {
            from: 4010,
            to: 4010,
            category: Category::Insats,
            line: Some("Välfärdsguiden".into()),
        };
        let changed = Mapping::set_account_rule(text, 4010, Some(&rule));
        assert_eq!(
            changed,
            "# SOFINT\n4000-4099 insats\n\n6000-6999 administration\n4010 insats \"Välfärdsguiden\"\n"
        );
        // Removing the account's own rule leaves it to the range.
        let removed = Mapping::set_account_rule(&changed, 4010, None);
        assert_eq!(
            removed,
            "# SOFINT\n4000-4099 insats\n\n6000-6999 administration\n"
        );
        let m = Mapping {
            chart: Chart::KommunBas,
            rules: Mapping::parse_rules(&removed, None).expect("reads"),
        };
        assert_eq!(m.target("4010").map(|t| t.line), Some(None));
    }
}

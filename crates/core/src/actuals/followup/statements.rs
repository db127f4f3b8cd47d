//! The statements: the income statement against the same period last year and the balance
//! sheet at the period's end, laid out like the interim report.

use super::*;

/// A row of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Rapportrad")]
pub struct StatementLine {
    #[serde(rename = "rad")]
    pub label: &'static str,
    /// A sum of the rows above, printed in bold.
    #[serde(rename = "summa")]
    pub is_sum: bool,
    /// A heading without amounts (left out of JSON, which has no layout).
    #[serde(skip)]
    pub is_heading: bool,
    #[serde(rename = "period")]
    pub current: Option<Money>,
    #[serde(rename = "foregaende_ar")]
    pub prior: Option<Money>,
}

pub(super) fn not_heading(l: &StatementLine) -> bool {
    !l.is_heading
}

pub(super) fn statement<S: serde::Serializer>(
    rows: &[StatementLine],
    s: S,
) -> Result<S::Ok, S::Error> {
    serial::seq_where(rows, not_heading, s)
}

pub(super) fn line(
    label: &'static str,
    current: Option<Money>,
    prior: Option<Money>,
) -> StatementLine {
    StatementLine {
        label,
        is_sum: false,
        is_heading: false,
        current,
        prior,
    }
}

pub(super) fn sum_line(
    label: &'static str,
    current: Option<Money>,
    prior: Option<Money>,
) -> StatementLine {
    StatementLine {
        is_sum: true,
        ..line(label, current, prior)
    }
}

pub(super) fn heading(label: &'static str) -> StatementLine {
    StatementLine {
        is_heading: true,
        ..line(label, None, None)
    }
}

/// Adds the values that are present; `None` when none is.
pub(super) fn total<K: Ord>(
    rows: &BTreeMap<K, Money>,
    keys: &[K],
) -> Result<Option<Money>, Overflow> {
    let present: Vec<Money> = keys.iter().filter_map(|k| rows.get(k).copied()).collect();
    if present.is_empty() {
        Ok(None)
    } else {
        Money::checked_sum(present).map(Some)
    }
}

pub(super) fn income_statement(
    cur: &BTreeMap<StatementRow, Money>,
    prior: Option<&BTreeMap<StatementRow, Money>>,
) -> Result<Vec<StatementLine>, Overflow> {
    use StatementRow as S;
    let empty = BTreeMap::new();
    let pri = prior.unwrap_or(&empty);
    let operating = [S::Income, S::OperatingCosts, S::Depreciation];
    let all = [
        S::Income,
        S::OperatingCosts,
        S::Depreciation,
        S::FinancialIncome,
        S::FinancialCosts,
    ];
    let p = |v: Option<Money>| if prior.is_some() { v } else { None };
    let op = (total(cur, &operating)?, p(total(pri, &operating)?));
    let res = (total(cur, &all)?, p(total(pri, &all)?));
    Ok(vec![
        line(
            "Verksamhetens intäkter",
            cur.get(&S::Income).copied(),
            p(pri.get(&S::Income).copied()),
        ),
        line(
            "Verksamhetens kostnader",
            cur.get(&S::OperatingCosts).copied(),
            p(pri.get(&S::OperatingCosts).copied()),
        ),
        line(
            "Avskrivningar",
            cur.get(&S::Depreciation).copied(),
            p(pri.get(&S::Depreciation).copied()),
        ),
        sum_line("Verksamhetens resultat", op.0, op.1),
        line(
            "Finansiella intäkter",
            cur.get(&S::FinancialIncome).copied(),
            p(pri.get(&S::FinancialIncome).copied()),
        ),
        line(
            "Finansiella kostnader",
            cur.get(&S::FinancialCosts).copied(),
            p(pri.get(&S::FinancialCosts).copied()),
        ),
        sum_line("Resultat efter finansiella poster", res.0, res.1),
        sum_line("Periodens resultat", res.0, res.1),
    ])
}

pub(super) fn balance_sheet(
    cur: &BTreeMap<BalanceRow, Money>,
    prior: Option<&BTreeMap<BalanceRow, Money>>,
) -> Result<(Vec<StatementLine>, Money), Overflow> {
    use BalanceRow as B;
    // Liabilities and equity are credit balances: shown with their sign turned.
    let credit = [
        B::Equity,
        B::Provisions,
        B::LongTermLiabilities,
        B::ShortTermLiabilities,
    ];
    let shown = |rows: &BTreeMap<BalanceRow, Money>| -> BTreeMap<BalanceRow, Money> {
        rows.iter()
            .map(|(k, v)| (*k, if credit.contains(k) { -*v } else { *v }))
            .collect()
    };
    let c = shown(cur);
    let p = prior.map(shown);
    let get =
        |rows: Option<&BTreeMap<BalanceRow, Money>>, k: B| rows.and_then(|r| r.get(&k).copied());
    let both = |k: B| (get(Some(&c), k), get(p.as_ref(), k));
    let current_assets = [B::Inventory, B::Receivables, B::ShortInvestments, B::Cash];
    let assets = [
        B::FixedAssets,
        B::Inventory,
        B::Receivables,
        B::ShortInvestments,
        B::Cash,
    ];
    let sums = |keys: &[B]| -> Result<(Option<Money>, Option<Money>), Overflow> {
        Ok((
            Some(total(&c, keys)?.unwrap_or_default()),
            match &p {
                Some(p) => Some(total(p, keys)?.unwrap_or_default()),
                None => None,
            },
        ))
    };
    let ca = sums(&current_assets)?;
    let ta = sums(&assets)?;
    let el = sums(&credit)?;
    let row = |label, k| {
        let (a, b) = both(k);
        line(label, a, b)
    };
    let lines = vec![
        heading("Tillgångar"),
        row("Anläggningstillgångar", B::FixedAssets),
        heading("Omsättningstillgångar"),
        row("Förråd", B::Inventory),
        row("Fordringar", B::Receivables),
        row("Kortfristiga placeringar", B::ShortInvestments),
        row("Kassa och bank", B::Cash),
        sum_line("Summa omsättningstillgångar", ca.0, ca.1),
        sum_line("Summa tillgångar", ta.0, ta.1),
        heading("Eget kapital och skulder"),
        row("Eget kapital", B::Equity),
        row("Avsättningar", B::Provisions),
        row("Långfristiga skulder", B::LongTermLiabilities),
        row("Kortfristiga skulder", B::ShortTermLiabilities),
        sum_line("Summa eget kapital och skulder", el.0, el.1),
    ];
    let difference =
        ta.0.unwrap_or_default()
            .checked_sub(el.0.unwrap_or_default())?;
    Ok((lines, difference))
}

//! The file's header records and its balances: company, fiscal years, accounts, objects,
//! `#IB`, `#UB`, `#RES`, `#PSALDO` and `#PBUDGET`.

use super::*;

/// A record that only informs (a program's name, a date of generation, an account's SRU code or
/// unit, a dimension's or object's name) and does not read is a warning: the record is skipped
/// and the file is read. The table of which fields refuse and which warn is in
/// docs/decisions/0004-sie.md.
fn skip(f: &mut SieFile, line_no: u32, why: String) {
    f.warnings.push(Diagnostic::new(
        line_no,
        format!("{why}; posten hoppas över (den påverkar inga belopp)"),
    ));
}

impl<'s> Reader<'s> {
    /// Every record outside vouchers. `Ok(false)`: not a record the specification defines.
    pub(super) fn header_or_balance(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        let f = &mut self.file;
        match rec.label {
            "#FLAGGA" => {
                let v = rec.int(0, "flagga")?;
                f.flag =
                    Some(u8::try_from(v).map_err(|_| "#FLAGGA ska vara 0 eller 1".to_owned())?);
            }
            "#PROGRAM" => match rec.opt_text(0) {
                Some(name) => {
                    f.program = Some((name.to_owned(), rec.opt_text(1).unwrap_or("").to_owned()));
                }
                None => skip(f, line_no, "#PROGRAM saknar programnamn".into()),
            },
            "#FORMAT" if rec.opt_text(0).is_none() => {
                f.warnings.push(Diagnostic::new(
                    line_no,
                    "#FORMAT saknar värde; filen läses som PC8, som specifikationen föreskriver",
                ));
            }
            "#FORMAT" => {
                let v = rec.text(0, "format")?.to_owned();
                if !v.eq_ignore_ascii_case("PC8") && !v.eq_ignore_ascii_case("UTF8") {
                    return Err(format!(
                        "#FORMAT {v} är okänt; SIE-filer skrivs i PC8 (IBM 437)"
                    ));
                }
                f.format = Some(v);
            }
            "#GEN" => match rec.date(0, "datum") {
                Ok(d) => f.generated = Some((d, rec.opt_text(1).map(str::to_owned))),
                Err(e) => skip(f, line_no, format!("#GEN: {e}")),
            },
            "#SIETYP" => {
                let v = rec.int(0, "filtyp")?;
                if !(1..=4).contains(&v) {
                    return Err(format!(
                        "#SIETYP {v} finns inte; filtypen är 1, 2, 3 eller 4"
                    ));
                }
                f.sie_type = u8::try_from(v).ok();
            }
            "#PROSA" => f.prose = rec.opt_text(0).map(str::to_owned),
            "#FTYP" => f.company_type = rec.opt_text(0).map(str::to_owned),
            "#FNR" => f.company_code = rec.opt_text(0).map(str::to_owned),
            "#ORGNR" => f.org_number = rec.opt_text(0).map(str::to_owned),
            "#FNAMN" => match rec.opt_text(0) {
                Some(name) => f.company_name = Some(name.to_owned()),
                None => skip(f, line_no, "#FNAMN saknar företagsnamn".into()),
            },
            "#ADRESS" => {
                f.address = Some([
                    rec.opt_text(0).unwrap_or("").to_owned(),
                    rec.opt_text(1).unwrap_or("").to_owned(),
                    rec.opt_text(2).unwrap_or("").to_owned(),
                    rec.opt_text(3).unwrap_or("").to_owned(),
                ]);
            }
            "#OMFATTN" => match rec.date(0, "datum") {
                Ok(d) => f.extent = Some(d),
                Err(e) => skip(f, line_no, format!("#OMFATTN: {e}")),
            },
            "#TAXAR" => match rec.int(0, "taxeringsår") {
                Ok(y) => f.tax_year = Some(y),
                Err(e) => skip(f, line_no, e),
            },
            "#VALUTA" => match rec.opt_text(0) {
                Some(v) => f.currency = Some(v.to_owned()),
                None => skip(f, line_no, "#VALUTA saknar valutakod".into()),
            },
            "#KPTYP" => match rec.opt_text(0) {
                Some(v) => f.chart_type = Some(v.to_owned()),
                None => skip(f, line_no, "#KPTYP saknar kontoplanstyp".into()),
            },
            "#RAR" if rec.opt_text(1).is_none() || rec.opt_text(2).is_none() => {
                f.warnings.push(Diagnostic::new(
                    line_no,
                    "#RAR utan start- och slutdatum hoppas över",
                ));
            }
            "#RAR" => {
                let index = rec.int(0, "årsnummer")?;
                let start = rec.date(1, "startdatum")?;
                let end = rec.date(2, "slutdatum")?;
                if end < start {
                    return Err(format!("räkenskapsåret {index} slutar före det börjar"));
                }
                if f.fiscal_years.iter().any(|y| y.index == index) {
                    return Err(format!("räkenskapsår {index} anges två gånger i #RAR"));
                }
                f.fiscal_years.push(FiscalYear { index, start, end });
            }
            "#KONTO" => {
                let no = rec.account(0)?;
                let name = rec.opt_text(1).unwrap_or("").to_owned();
                f.accounts.entry(no).or_default().name = name;
            }
            "#KTYP" if rec.opt_text(1).is_none() => {
                f.warnings
                    .push(Diagnostic::new(line_no, "#KTYP utan kontotyp hoppas över"));
            }
            "#KTYP" => {
                // Finsam classifies accounts by their number; the type only informs.
                let no = rec.account(0)?;
                let t = rec.text(1, "kontotyp")?;
                let kind = match t.to_ascii_uppercase().as_str() {
                    "T" => Some(AccountType::Asset),
                    "S" => Some(AccountType::Liability),
                    "K" => Some(AccountType::Cost),
                    "I" => Some(AccountType::Income),
                    _ => None,
                };
                match kind {
                    Some(kind) => f.accounts.entry(no).or_default().kind = Some(kind),
                    None => skip(
                        f,
                        line_no,
                        format!(
                            "kontotypen \"{t}\" för konto {no} finns inte (den är T, S, K eller I)"
                        ),
                    ),
                }
            }
            "#ENHET" => match rec.account(0) {
                Ok(no) => {
                    f.accounts.entry(no).or_default().unit = rec.opt_text(1).map(str::to_owned);
                }
                Err(e) => skip(f, line_no, e),
            },
            "#SRU" => match (rec.account(0), rec.opt_text(1)) {
                (Ok(no), Some(code)) => f.accounts.entry(no).or_default().sru.push(code.to_owned()),
                (Ok(no), None) => skip(f, line_no, format!("#SRU för konto {no} saknar SRU-kod")),
                (Err(e), _) => skip(f, line_no, e),
            },
            "#DIM" | "#UNDERDIM" => {
                let number = |i: usize, what: &str| {
                    rec.int(i, what).and_then(|n| {
                        u32::try_from(n).map_err(|_| format!("{what} i {} är negativt", rec.label))
                    })
                };
                match number(0, "dimensionsnumret") {
                    Ok(no) => {
                        let name = rec.opt_text(1).unwrap_or("").to_owned();
                        let parent = if rec.label == "#UNDERDIM" {
                            match number(2, "den överordnade dimensionen") {
                                Ok(p) => Some(p),
                                Err(e) => {
                                    f.warnings.push(Diagnostic::new(
                                        line_no,
                                        format!("{e}; dimension {no} läses som en egen dimension"),
                                    ));
                                    None
                                }
                            }
                        } else {
                            None
                        };
                        f.dimensions.insert(no, Dimension { name, parent });
                    }
                    Err(e) => skip(f, line_no, e),
                }
            }
            "#OBJEKT" => {
                let dimension = rec.int(0, "dimensionsnummer").and_then(|d| {
                    u32::try_from(d)
                        .map_err(|_| "dimensionsnumret i #OBJEKT är negativt".to_owned())
                });
                match (dimension, rec.opt_text(1)) {
                    (Ok(dimension), Some(object)) => {
                        let name = rec.opt_text(2).unwrap_or("").to_owned();
                        f.objects.insert(
                            ObjectRef {
                                dimension,
                                object: object.to_owned(),
                            },
                            name,
                        );
                    }
                    (Ok(d), None) => {
                        skip(
                            f,
                            line_no,
                            format!("#OBJEKT i dimension {d} saknar objektkod"),
                        );
                    }
                    (Err(e), _) => skip(f, line_no, e),
                }
            }
            "#IB" | "#UB" | "#RES" => {
                let b = Balance {
                    line: line_no,
                    year: rec.int(0, "årsnummer")?,
                    account: rec.account(1)?,
                    object: None,
                    amount: rec.amount(2)?,
                    quantity: quantity(rec, 3),
                };
                match rec.label {
                    "#IB" => f.opening.push(b),
                    "#UB" => f.closing.push(b),
                    _ => f.results.push(b),
                }
            }
            "#OIB" | "#OUB" => {
                let year = rec.int(0, "årsnummer")?;
                let account = rec.account(1)?;
                let mut objects = rec.objects(2)?;
                if objects.len() != 1 {
                    return Err(format!(
                        "{} ska ha exakt ett objekt i objektlistan, inte {}",
                        rec.label,
                        objects.len()
                    ));
                }
                let b = Balance {
                    line: line_no,
                    year,
                    account,
                    object: objects.pop(),
                    amount: rec.amount(3)?,
                    quantity: quantity(rec, 4),
                };
                if rec.label == "#OIB" {
                    f.object_opening.push(b);
                } else {
                    f.object_closing.push(b);
                }
            }
            "#PSALDO" | "#PBUDGET" => {
                let year = rec.int(0, "årsnummer")?;
                let period = parse_period(rec.text(1, "period")?)?;
                let account = rec.account(2)?;
                let (objects, at) = if rec.has_list(3) {
                    (rec.objects(3)?, 4)
                } else {
                    (Vec::new(), 3)
                };
                let p = PeriodAmount {
                    line: line_no,
                    year,
                    period,
                    account,
                    objects,
                    amount: rec.amount(at)?,
                    quantity: quantity(rec, at + 1),
                };
                if rec.label == "#PSALDO" {
                    f.period_balances.push(p);
                } else {
                    f.period_budgets.push(p);
                }
            }
            l if KNOWN_IGNORED.contains(&l) => {}
            _ => return Ok(false),
        }
        Ok(true)
    }
}

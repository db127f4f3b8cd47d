//! The file's header records and its balances: company, fiscal years, accounts, objects,
//! `#IB`, `#UB`, `#RES`, `#PSALDO` and `#PBUDGET`.

use super::*;

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
            "#PROGRAM" => {
                f.program = Some((
                    rec.text(0, "programnamn")?.to_owned(),
                    rec.opt_text(1).unwrap_or("").to_owned(),
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
            "#GEN" => {
                f.generated = Some((rec.date(0, "datum")?, rec.opt_text(1).map(str::to_owned)));
            }
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
            "#FNAMN" => f.company_name = Some(rec.text(0, "företagsnamn")?.to_owned()),
            "#ADRESS" => {
                f.address = Some([
                    rec.opt_text(0).unwrap_or("").to_owned(),
                    rec.opt_text(1).unwrap_or("").to_owned(),
                    rec.opt_text(2).unwrap_or("").to_owned(),
                    rec.opt_text(3).unwrap_or("").to_owned(),
                ]);
            }
            "#OMFATTN" => f.extent = Some(rec.date(0, "datum")?),
            "#TAXAR" => f.tax_year = Some(rec.int(0, "taxeringsår")?),
            "#VALUTA" => f.currency = Some(rec.text(0, "valuta")?.to_owned()),
            "#KPTYP" => f.chart_type = Some(rec.text(0, "kontoplanstyp")?.to_owned()),
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
                let no = rec.account(0)?;
                let t = rec.text(1, "kontotyp")?;
                let kind = match t.to_ascii_uppercase().as_str() {
                    "T" => AccountType::Asset,
                    "S" => AccountType::Liability,
                    "K" => AccountType::Cost,
                    "I" => AccountType::Income,
                    _ => {
                        return Err(format!(
                            "kontotypen \"{t}\" finns inte; den är T, S, K eller I"
                        ));
                    }
                };
                f.accounts.entry(no).or_default().kind = Some(kind);
            }
            "#ENHET" => {
                let no = rec.account(0)?;
                f.accounts.entry(no).or_default().unit = rec.opt_text(1).map(str::to_owned);
            }
            "#SRU" => {
                let no = rec.account(0)?;
                let code = rec.text(1, "SRU-kod")?.to_owned();
                f.accounts.entry(no).or_default().sru.push(code);
            }
            "#DIM" | "#UNDERDIM" => {
                let no = rec.int(0, "dimensionsnummer")?;
                let no =
                    u32::try_from(no).map_err(|_| "dimensionsnumret är negativt".to_owned())?;
                let name = rec.opt_text(1).unwrap_or("").to_owned();
                let parent = if rec.label == "#UNDERDIM" {
                    let p = rec.int(2, "överordnad dimension")?;
                    Some(u32::try_from(p).map_err(|_| "dimensionsnumret är negativt".to_owned())?)
                } else {
                    None
                };
                f.dimensions.insert(no, Dimension { name, parent });
            }
            "#OBJEKT" => {
                let dim = rec.int(0, "dimensionsnummer")?;
                let dimension =
                    u32::try_from(dim).map_err(|_| "dimensionsnumret är negativt".to_owned())?;
                let object = rec.text(1, "objektkod")?.to_owned();
                let name = rec.opt_text(2).unwrap_or("").to_owned();
                f.objects.insert(ObjectRef { dimension, object }, name);
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

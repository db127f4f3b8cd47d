//! Vouchers: `#VER` with its braces and its `#TRANS`, `#RTRANS` and `#BTRANS` rows, each
//! voucher handed on as soon as it closes.

use super::*;

impl<'s> Reader<'s> {
    pub(super) fn open(&mut self, line_no: u32, line: &str) {
        if line.len() > 1 {
            self.error(line_no, "efter { får inget mer stå på raden");
        }
        match std::mem::replace(&mut self.state, State::Outside) {
            State::AwaitingOpen(v) => self.state = State::Inside(v),
            State::Inside(v) => {
                self.error(
                    line_no,
                    format!(
                        "en ny {{ inuti verifikationen {}; den förra saknar sin avslutande }}",
                        voucher_name(&v)
                    ),
                );
                self.state = State::Inside(v);
            }
            State::Skipping { open: false } => self.state = State::Skipping { open: true },
            State::Skipping { open: true } => {
                self.error(line_no, "en ny { före avslutande } för verifikationen ovan");
                self.state = State::Skipping { open: true };
            }
            State::Outside => self.error(line_no, "{ utan föregående #VER"),
        }
    }

    pub(super) fn close(&mut self, line_no: u32, line: &str) {
        if line.len() > 1 {
            self.error(line_no, "efter } får inget mer stå på raden");
        }
        self.flush_added();
        match std::mem::replace(&mut self.state, State::Outside) {
            State::Inside(v) => {
                let imbalance = v.imbalance();
                if !imbalance.is_zero() {
                    self.warn(
                        v.line,
                        format!(
                            "verifikationen {} är inte i balans: raderna summerar till {} i \
                             stället för 0",
                            voucher_name(&v),
                            imbalance
                        ),
                    );
                }
                if self.vouchers == 0 {
                    self.first_voucher = v.line;
                }
                self.vouchers += 1;
                (self.sink)(v);
            }
            State::AwaitingOpen(v) => {
                self.error(
                    line_no,
                    format!("}} utan {{ efter verifikationen {}", voucher_name(&v)),
                );
            }
            State::Skipping { open: true } => {}
            State::Skipping { open: false } => {
                self.error(line_no, "} utan { efter verifikationen ovan");
            }
            State::Outside => self.error(line_no, "} utan inledande { och #VER"),
        }
    }

    /// An `#RTRANS` not followed by its `#TRANS` twin counts by itself.
    pub(super) fn flush_added(&mut self) {
        if let Some(mut row) = self.pending_added.take() {
            let line = row.line;
            self.warn(
                line,
                "#RTRANS följs inte av samma rad som #TRANS, som specifikationen kräver; raden \
                 räknas ändå med",
            );
            row.kind = RowKind::Normal;
            if let State::Inside(v) = &mut self.state {
                v.rows.push(row);
            }
        }
    }

    pub(super) fn voucher(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        let series = rec.text(0, "serie")?.to_owned();
        let number = rec.text(1, "verifikationsnummer")?.to_owned();
        let date = rec.date(2, "verifikationsdatum")?;
        let text = rec.opt_text(3).unwrap_or("").to_owned();
        let registered = rec.opt_date(4)?;
        let sign = rec.opt_text(5).map(str::to_owned);
        self.state = State::AwaitingOpen(Voucher {
            line: line_no,
            series,
            number,
            date,
            text,
            registered,
            sign,
            rows: Vec::new(),
        });
        Ok(true)
    }

    pub(super) fn row(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        if !matches!(self.state, State::Inside(_)) {
            return Err(format!(
                "{} utanför en verifikation: raden ska stå mellan {{ och }} efter en #VER",
                rec.label
            ));
        }
        let account = rec.account(0)?;
        // Old files leave out the object list; the amount then follows the account.
        let (objects, at) = if rec.has_list(1) {
            (rec.objects(1)?, 2)
        } else {
            (Vec::new(), 1)
        };
        let amount = rec.amount(at)?;
        let date = rec.opt_date(at + 1)?;
        let text = rec.opt_text(at + 2).unwrap_or("").to_owned();
        let quantity = quantity(rec, at + 3);
        let sign = rec.opt_text(at + 4).map(str::to_owned);
        let kind = match rec.label {
            "#RTRANS" => RowKind::Added,
            "#BTRANS" => RowKind::Removed,
            _ => RowKind::Normal,
        };
        let row = Transaction {
            line: line_no,
            kind,
            account,
            objects,
            amount,
            date,
            text,
            quantity,
            sign,
        };
        match kind {
            RowKind::Added => {
                self.flush_added();
                self.pending_added = Some(row);
            }
            RowKind::Normal => {
                if let Some(added) = self.pending_added.take() {
                    if added.account == row.account && added.amount == row.amount {
                        self.push_row(added);
                    } else {
                        self.pending_added = Some(added);
                        self.flush_added();
                    }
                }
                self.push_row(row);
            }
            RowKind::Removed => {
                self.flush_added();
                self.push_row(row);
            }
        }
        Ok(true)
    }

    pub(super) fn push_row(&mut self, row: Transaction) {
        if let State::Inside(v) = &mut self.state {
            v.rows.push(row);
        }
    }
}

pub(super) fn voucher_name(v: &Voucher) -> String {
    match (v.series.is_empty(), v.number.is_empty()) {
        (true, true) => format!("från {}", v.date),
        (false, true) => format!("{} (utan nummer)", v.series),
        _ => format!("{} {}", v.series, v.number),
    }
}

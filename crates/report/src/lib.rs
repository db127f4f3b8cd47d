//! Renderers of Finsam's report structs into files people take away: CSV and XLSX now, PDF and
//! DOCX later. Every renderer takes the report structs of `finsam_core::report` (and
//! `finsam_core::actuals` for the follow-up) through one neutral table, [`Sheet`], so that a
//! table is laid out once ([`tables`]) and written in every format the same way.
//!
//! Depends on finsam-core only; no IO (the caller writes the bytes where they go).

pub mod csv;
pub mod ics;
pub mod sheet;
pub mod tables;
pub mod upload;
pub mod xlsx;

pub use sheet::{Cell, Column, Sheet, SheetRow, Style};

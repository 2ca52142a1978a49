//! Spreadsheets, for office staff who keep their records in Excel or WPS: sign-in sheets
//! imported as activity records ([`attendance`], written by [`yaml_out`] without touching
//! what a file already holds) and the points ledger exported as a workbook ([`ledger_book`]).
//! Sheets are read by [`grid`]; problems are located by sheet row and column ([`problem`]).

pub mod attendance;
pub mod grid;
pub mod ledger_book;
pub mod problem;
pub mod yaml_out;

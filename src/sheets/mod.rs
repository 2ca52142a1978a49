//! Spreadsheets, for office staff who keep their records in Excel or WPS: sign-in sheets
//! imported as activity records ([`attendance`], written by [`yaml_out`] without touching
//! what a file already holds), the roster (花名册) imported as members.yaml ([`roster`],
//! headers in [`roster_columns`], ids kept stable by [`person_ids`], text by
//! [`roster_yaml`]), and the points ledger in every format ([`ledger`]) and the honour list
//! ([`honours_book`]) exported, their Excel tables shared in [`xlsx`]. Sheets are read by
//! [`grid`] and their cells by [`cells`]; problems are located by sheet row and column
//! ([`problem`]).

pub mod attendance;
pub mod cells;
pub mod grid;
pub mod honours_book;
pub mod ledger;
pub mod person_ids;
pub mod problem;
pub mod roster;
pub mod roster_columns;
pub mod roster_yaml;
pub mod xlsx;
pub mod yaml_out;

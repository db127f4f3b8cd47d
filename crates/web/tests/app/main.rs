//! The web application as its users meet it: started on 127.0.0.1:0 with a fresh database,
//! driven over HTTP by clients that log in as each role.

mod access;
mod actuals;
mod api;
mod budget;
mod calendar;
mod exports;
mod helpers;
mod insatser;
mod participants;
mod people;
mod plans;
mod rejections;
mod sessions;
mod shell;
mod snapshots;
mod tokens;
mod uncomputable;

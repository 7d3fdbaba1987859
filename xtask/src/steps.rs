//! Failures, steps and the summary: every command is a list of named, timed steps that stops at
//! the first failure and ends with a summary saying what ran, what was skipped and why, and what
//! to do about a failure.

use crate::signals;
use std::time::{Duration, Instant};

/// What went wrong, and what to do about it.
#[derive(Debug)]
pub struct Failure {
    what: String,
    fix: String,
}

pub type R<T = ()> = Result<T, Failure>;

pub fn failure(what: impl Into<String>, fix: impl Into<String>) -> Failure {
    Failure { what: what.into(), fix: fix.into() }
}

impl Failure {
    pub fn print(&self) {
        eprintln!();
        eprintln!("error: {}", self.what);
        if !self.fix.is_empty() {
            for line in self.fix.lines() {
                eprintln!("  fix: {line}");
            }
        }
    }
}

pub enum Outcome {
    Passed(String),
    Skipped(String),
    Failed,
    NotRun,
}

/// Runs named steps one after the other, timing each, and stops at the first failure.
pub struct Plan {
    title: &'static str,
    started: Instant,
    steps: Vec<(String, Outcome, Duration)>,
    failure: Option<Failure>,
    ran: usize,
}

impl Plan {
    pub fn new(title: &'static str) -> Self {
        Plan { title, started: Instant::now(), steps: Vec::new(), failure: None, ran: 0 }
    }

    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// Run a step unless an earlier one failed. `f` returns a short note for the summary.
    pub fn step(&mut self, name: &str, f: impl FnOnce() -> R<String>) {
        if self.failed() {
            self.steps.push((name.to_string(), Outcome::NotRun, Duration::ZERO));
            return;
        }
        self.ran += 1;
        println!();
        println!("==> [{}] {name}  (at {})", self.ran, secs(self.started.elapsed()));
        let t = Instant::now();
        let result = if signals::interrupted() { Err(interrupted()) } else { f() };
        let took = t.elapsed();
        match result {
            Ok(note) => {
                println!("    ok: {name} ({}){}", secs(took), if note.is_empty() { String::new() } else { format!(" - {note}") });
                self.steps.push((name.to_string(), Outcome::Passed(note), took));
            }
            Err(f) => {
                println!("    FAILED: {name} ({})", secs(took));
                self.steps.push((name.to_string(), Outcome::Failed, took));
                self.failure = Some(f);
            }
        }
    }

    pub fn skip(&mut self, name: &str, why: &str) {
        self.steps.push((name.to_string(), Outcome::Skipped(why.to_string()), Duration::ZERO));
    }

    /// Print the summary; true when every step passed or was skipped on purpose.
    pub fn finish(self) -> bool {
        println!();
        println!("==> Summary: cargo xtask {}", self.title);
        for (name, outcome, took) in &self.steps {
            let (tag, note) = match outcome {
                Outcome::Passed(note) => ("ok", note.as_str()),
                Outcome::Skipped(why) => ("skipped", why.as_str()),
                Outcome::Failed => ("FAILED", ""),
                Outcome::NotRun => ("not run", ""),
            };
            let time = if matches!(outcome, Outcome::Passed(_) | Outcome::Failed) { secs(*took) } else { String::new() };
            let note = if note.is_empty() { String::new() } else { format!("  ({note})") };
            println!("    {tag:<8} {time:>8}  {name}{note}");
        }
        println!("    total {}", secs(self.started.elapsed()));
        match self.failure {
            Some(f) => {
                f.print();
                false
            }
            None => {
                println!("    all steps passed");
                true
            }
        }
    }
}

pub fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

pub fn interrupted() -> Failure {
    failure("interrupted (Ctrl-C or a termination signal)", "")
}

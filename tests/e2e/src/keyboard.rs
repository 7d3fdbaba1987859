//! The keyboard as a user has it: keys go to whatever has the focus (W3C "Perform Actions"), never
//! to an element the test picked, so a focus that did not move where the UI promised shows up as
//! typing in the wrong place.

use crate::ui::Ui;
use crate::wait::{poll, timeout};
use anyhow::{anyhow, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use serde::Deserialize;

pub const ENTER: char = '\u{E007}';
pub const TAB: char = '\u{E004}';
pub const ALT: char = '\u{E00A}';
pub const CONTROL: char = '\u{E009}';
pub const PAGE_DOWN: char = '\u{E00F}';
pub const ESCAPE: char = '\u{E00C}';
pub const ARROW_UP: char = '\u{E013}';
pub const ARROW_DOWN: char = '\u{E015}';

/// Where the focus is: the focused element's `data-testid` and `id`, and the `data-code` of the
/// product row or cart line it is in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Focus {
    pub testid: Option<String>,
    pub id: Option<String>,
    pub code: Option<String>,
}

impl Ui {
    /// Types `keys` into the focused element, one key press (down, up) per character, in one
    /// WebDriver call. Special keys are the WebDriver code points ([`ENTER`], [`TAB`]…).
    pub async fn keys(&self, keys: &str) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for value in keys.chars() {
            actions = actions.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// A chord such as Alt+2: every key down in order, then up in reverse.
    pub async fn chord(&self, keys: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &value in keys {
            actions = actions.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// What has the focus now (read from the page, no interaction).
    pub async fn focus(&self) -> Result<Focus> {
        let script = "const el = document.activeElement; \
            if (!el || el === document.body) return {}; \
            const row = el.closest('[data-code]'); \
            return { testid: el.getAttribute('data-testid'), id: el.id || null, \
                     code: row ? row.getAttribute('data-code') : null };";
        let value = self.client.execute(script, vec![]).await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Wait until the focus is where `want` says (the UI may move it a moment after a key); the
    /// error says where it was instead.
    pub async fn wait_focus(&self, what: &str, want: impl Fn(&Focus) -> bool) -> Result<Focus> {
        let mut last = Focus::default();
        poll(what, timeout(), async || {
            last = self.focus().await?;
            Ok(want(&last).then(|| last.clone()))
        })
        .await
        .map_err(|e| anyhow!("{e:#}; the focus is on {last:?}"))
    }
}

/// The focus is in the quantity cell of the line (or product row) of `code`.
pub fn in_qty_cell_of(code: &str) -> impl Fn(&Focus) -> bool + '_ {
    move |f: &Focus| f.testid.as_deref() == Some("qty-input") && f.code.as_deref() == Some(code)
}

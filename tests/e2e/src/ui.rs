//! The UI through WebDriver: finding elements by their `data-testid`, waiting for them, clicking
//! and typing as a user would. (Screenshots and screen checks: `screen`.)

use crate::wait::{poll, timeout};
use anyhow::{anyhow, ensure, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// CSS for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// CSS string literal contents.
pub fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Which error displays a screen is allowed to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    NoErrors,
    LoginError,
    /// The error banner is what the screen is there to show (e.g. the supplier has not approved a new customer yet).
    Banner,
}

pub struct Ui {
    pub client: Client,
    pub shots: PathBuf,
    started: Instant,
}

impl Ui {
    pub fn new(client: Client, shots: PathBuf) -> Ui {
        Ui { client, shots, started: Instant::now() }
    }

    pub fn log(&self, msg: &str) {
        println!("[e2e {:>6.1}s] {msg}", self.started.elapsed().as_secs_f64());
    }

    pub async fn all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// The displayed elements matching `css`.
    pub async fn visible(&self, css: &str) -> Result<Vec<Element>> {
        let mut shown = Vec::new();
        for el in self.all(css).await? {
            if el.is_displayed().await? {
                shown.push(el);
            }
        }
        Ok(shown)
    }

    pub async fn wait_visible_for(&self, css: &str, limit: Duration) -> Result<Element> {
        poll(&format!("`{css}` to be visible"), limit, async || Ok(self.visible(css).await?.into_iter().next())).await
    }

    pub async fn wait_visible(&self, css: &str) -> Result<Element> {
        self.wait_visible_for(css, timeout()).await
    }

    /// Wait until the first visible `css` has text that `accept` maps to a value.
    pub async fn wait_text<T>(&self, css: &str, what: &str, mut accept: impl FnMut(&str) -> Option<T>) -> Result<T> {
        self.wait_text_for(css, what, timeout(), &mut accept).await
    }

    pub async fn wait_text_for<T>(&self, css: &str, what: &str, limit: Duration, accept: &mut impl FnMut(&str) -> Option<T>) -> Result<T> {
        let mut last = String::from("(not visible)");
        let result = poll(what, limit, async || {
            let Some(el) = self.visible(css).await?.into_iter().next() else {
                return Ok(None);
            };
            last = el.text().await?;
            Ok(accept(&last))
        })
        .await;
        result.map_err(|e| anyhow!("{e:#}; `{css}` last read {last:?}"))
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        let css = testid(id);
        poll(&format!("to click `{css}`"), timeout(), async || {
            let Some(el) = self.visible(&css).await?.into_iter().next() else {
                return Ok(None);
            };
            if !el.is_enabled().await? {
                return Ok(None);
            }
            el.click().await?;
            Ok(Some(()))
        })
        .await
    }

    /// Replace an input's value by typing, so the page sees real input events.
    pub async fn fill(&self, el: &Element, text: &str) -> Result<()> {
        el.click().await?;
        el.clear().await?;
        if !el.prop("value").await?.unwrap_or_default().is_empty() {
            // Ctrl+A, release the modifier, Backspace.
            el.send_keys("\u{E009}a\u{E000}\u{E003}").await?;
        }
        if text.is_empty() {
            // WebDriver can't send no keys: type one and take it back, so the page sees the
            // input emptied as a user's Backspace would leave it.
            el.send_keys("0\u{E003}").await?;
        } else {
            el.send_keys(text).await?;
        }
        let value = el.prop("value").await?.unwrap_or_default();
        ensure!(value == text, "typed {text:?} into an input, which now holds {value:?}");
        Ok(())
    }

    pub async fn fill_testid(&self, id: &str, text: &str) -> Result<()> {
        let css = testid(id);
        poll(&format!("to type into `{css}`"), timeout(), async || {
            let Some(el) = self.visible(&css).await?.into_iter().next() else {
                return Ok(None);
            };
            self.fill(&el, text).await?;
            Ok(Some(()))
        })
        .await
    }

    /// The values of the inputs inside an element (a quantity typed into a cart line is a value,
    /// not text).
    pub async fn input_values(&self, el: &Element) -> Result<Vec<String>> {
        let mut values = Vec::new();
        for input in el.find_all(Locator::Css("input")).await? {
            values.extend(input.prop("value").await?);
        }
        Ok(values)
    }

    pub async fn body_text(&self) -> String {
        match self.client.execute("return document.body ? document.body.innerText : '(no body)'", vec![]).await {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => format!("(could not read the page: {e})"),
        }
    }

    /// Let the page paint: resolves after two animation frames (or at once if scripts fail).
    pub async fn next_frames(&self) {
        let script = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = tokio::time::timeout(Duration::from_secs(2), self.client.execute_async(script, vec![])).await;
    }
}

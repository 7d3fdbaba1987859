//! Screenshots, and the checks made on every one: the screen is painted (not blank), shows no
//! error it should not, every control on it has a name a screen reader can read, and a focus that
//! is to be shown is drawn; a failed step
//! leaves a screenshot and the page's text behind.

use crate::ui::{testid, Expect, Ui};
use crate::wait::poll;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

/// Every control on screen (that a user could reach by pointer or keyboard) whose accessible name
/// would be empty, as the outline of its start tag; and the focused element, if the engine says its
/// focus is to be shown (`:focus-visible`) but neither an outline nor a shadow shows it. The name is worked out as the accessible-name
/// rules do for these elements (aria-labelledby, aria-label, a `<label>`, a button's or link's own
/// text or image's alt, the title), without the placeholder, which is a hint and not a name.
const CONTROL_CHECK: &str = r#"
const controls = 'button, input:not([type="hidden"]), select, textarea, a[href], [role="button"], [role="link"], '
  + '[role="checkbox"], [role="tab"], [role="menuitem"], [role="option"], [role="switch"], [tabindex]:not([tabindex="-1"])';
const shown = (el) => {
  if (el.closest('[aria-hidden="true"], [inert]')) return false;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
};
const text = (el) => (el.innerText || el.textContent || '').trim();
function nameOf(el) {
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const t = by.split(/\s+/).map((id) => { const e = document.getElementById(id); return e ? text(e) : ''; }).join(' ').trim();
    if (t) return t;
  }
  const label = (el.getAttribute('aria-label') || '').trim();
  if (label) return label;
  if (el.labels && el.labels.length) {
    const t = Array.from(el.labels).map(text).join(' ').trim();
    if (t) return t;
  }
  const tag = el.tagName;
  if (tag === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type) && el.value.trim()) return el.value;
  if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) {
    const t = text(el);
    if (t) return t;
    const img = el.querySelector('img[alt]');
    if (img && img.alt.trim()) return img.alt;
  }
  return (el.getAttribute('title') || '').trim();
}
const tag = (el) => el.outerHTML.slice(0, el.outerHTML.indexOf('>') + 1).slice(0, 200);
const unnamed = Array.from(document.querySelectorAll(controls))
  .filter((el) => shown(el) && !el.disabled && nameOf(el) === '')
  .slice(0, 10)
  .map(tag);
// Where the engine says the focus is to be shown (:focus-visible: keyboard focus, text fields), it is drawn.
const f = document.activeElement;
let hiddenFocus = null;
if (f && f !== document.body && f.matches(':focus-visible')) {
  const s = getComputedStyle(f);
  const drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  if (!drawn) hiddenFocus = tag(f);
}
return { unnamed, hiddenFocus };
"#;

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ControlCheck {
    unnamed: Vec<String>,
    hidden_focus: Option<String>,
}

impl Ui {
    /// The X screen as the user sees it, captured with ImageMagick's `import` (the tests run under
    /// Xvfb, with no window manager: the app's window is the screen). Not WebDriver's screenshot:
    /// WebKitGTK's snapshot never returns when it draws without accelerated compositing, the
    /// app's default (src-tauri/src/rendering.rs).
    pub async fn screenshot(&self, name: &str) -> Result<(PathBuf, Vec<u8>)> {
        let capture = tokio::process::Command::new("import").args(["-window", "root", "png:-"]).kill_on_drop(true).output();
        let output = tokio::time::timeout(Duration::from_secs(20), capture)
            .await
            .context("taking a screenshot: `import` did not finish in 20 s")?
            .context("taking a screenshot with ImageMagick's `import`")?;
        if !output.status.success() || output.stdout.is_empty() {
            bail!("taking a screenshot: `import` failed: {}", String::from_utf8_lossy(&output.stderr).trim());
        }
        let png = output.stdout;
        let path = self.shots.join(format!("{name}.png"));
        fs::write(&path, &png).with_context(|| format!("writing {}", path.display()))?;
        Ok((path, png))
    }

    /// Screenshot `name`.png, then check the screen: not blank, and no error display that `expect`
    /// does not allow.
    pub async fn checkpoint(&self, name: &str, expect: Expect) -> Result<()> {
        // The DOM can be ahead of what has been painted: wait for two frames, and give a blank
        // screen a few seconds to fill in before calling it blank.
        let mut last = None;
        let painted = poll(&format!("a screenshot `{name}` that is not blank"), Duration::from_secs(10), async || {
            self.next_frames().await;
            let (path, png) = self.screenshot(name).await?;
            let stats = ScreenStats::of_png(&png).with_context(|| format!("decoding {}", path.display()))?;
            let blank = stats.blank();
            last = Some((path.clone(), stats.clone(), blank.clone()));
            Ok(blank.is_none().then_some((path, stats)))
        })
        .await;
        match painted {
            Ok((path, stats)) => self.log(&format!("screenshot {} ({stats})", path.display())),
            Err(e) => match last {
                Some((path, stats, Some(why))) => {
                    bail!("screen check `{name}`: the screenshot is blank ({why}; {stats}): {}", path.display())
                }
                _ => return Err(e),
            },
        }
        let mut forbidden = Vec::new();
        if expect != Expect::Banner {
            forbidden.push("error-banner");
        }
        if expect != Expect::LoginError {
            forbidden.push("login-error");
        }
        for id in forbidden {
            if let Some(el) = self.visible(&testid(id)).await?.into_iter().next() {
                let text = el.text().await.unwrap_or_default();
                bail!("screen check `{name}`: `{id}` is showing: {text:?}");
            }
        }
        let controls: ControlCheck = serde_json::from_value(self.client.execute(CONTROL_CHECK, vec![]).await?)?;
        if !controls.unnamed.is_empty() {
            bail!(
                "screen check `{name}`: {} control(s) on screen have no name a screen reader could read: {:#?}",
                controls.unnamed.len(),
                controls.unnamed
            );
        }
        if let Some(focused) = controls.hidden_focus {
            bail!("screen check `{name}`: the focus is on {focused} but nothing shows it (no outline, no shadow)");
        }
        Ok(())
    }

    /// Run one named step; on failure save FAILED-<step>.png and add the page's text to the error.
    pub async fn step<T>(&self, name: &str, body: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.log(name);
        match body.await {
            Ok(v) => Ok(v),
            Err(e) => {
                let shot = match self.screenshot(&format!("FAILED-{name}")).await {
                    Ok((path, _)) => format!("screenshot: {}", path.display()),
                    Err(se) => format!("(no screenshot: {se:#})"),
                };
                let body = self.body_text().await;
                Err(anyhow!("step `{name}` failed: {e:#}\n{shot}\n--- page text ---\n{body}\n--- end of page text ---"))
            }
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenStats {
    pub width: u32,
    pub height: u32,
    pub distinct_colours: usize,
    /// Share of the pixels that have the most common colour, 0..=1.
    pub dominant_share: f64,
}

impl ScreenStats {
    pub fn of_png(bytes: &[u8]) -> Result<ScreenStats> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info()?;
        let mut buf = vec![0u8; reader.output_buffer_size().context("PNG too large")?];
        let info = reader.next_frame(&mut buf)?;
        let channels = info.color_type.samples();
        let data = &buf[..info.buffer_size()];
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let row_len = info.line_size;
        for row in data.chunks_exact(row_len) {
            for px in row[..info.width as usize * channels].chunks_exact(channels) {
                // Colour only (alpha ignored); grey expands to r=g=b.
                let rgb = match channels {
                    1 | 2 => [px[0], px[0], px[0]],
                    _ => [px[0], px[1], px[2]],
                };
                *counts.entry(u32::from_be_bytes([0, rgb[0], rgb[1], rgb[2]])).or_default() += 1;
            }
        }
        let pixels = (info.width as u64 * info.height as u64).max(1);
        let dominant = counts.values().copied().max().unwrap_or(0) as f64;
        Ok(ScreenStats { width: info.width, height: info.height, distinct_colours: counts.len(), dominant_share: dominant / pixels as f64 })
    }

    /// Why this looks like a blank screen, if it does: almost a single colour. (A real screen with a
    /// few lines of text on a plain background still has hundreds of colours from antialiasing and
    /// well over half a percent of pixels off the background.)
    pub fn blank(&self) -> Option<String> {
        if self.width == 0 || self.height == 0 {
            return Some("it is empty".into());
        }
        if self.distinct_colours < 3 {
            return Some(format!("only {} distinct colour(s)", self.distinct_colours));
        }
        if self.dominant_share > 0.995 {
            return Some(format!("{:.2}% of the pixels are one colour", self.dominant_share * 100.0));
        }
        None
    }
}

impl std::fmt::Display for ScreenStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x{}, {} colours, {:.1}% background", self.width, self.height, self.distinct_colours, self.dominant_share * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, width, height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            let mut data = Vec::new();
            for y in 0..height {
                for x in 0..width {
                    data.extend_from_slice(&pixel(x, y));
                }
            }
            w.write_image_data(&data).unwrap();
        }
        out
    }

    #[test]
    fn blank_screens_are_caught_and_real_ones_pass() {
        let white = png_of(200, 100, |_, _| [255, 255, 255]);
        assert!(ScreenStats::of_png(&white).unwrap().blank().is_some());
        let nearly = png_of(200, 100, |x, y| if x == 0 && y < 3 { [(y * 50) as u8, 0, 0] } else { [255, 255, 255] });
        assert!(ScreenStats::of_png(&nearly).unwrap().blank().is_some());
        let ui =
            png_of(
                200,
                100,
                |x, y| {
                    if (20..180).contains(&x) && (40..60).contains(&y) {
                        [(x % 7 * 30) as u8, 90, 200]
                    } else {
                        [250, 250, 250]
                    }
                },
            );
        let stats = ScreenStats::of_png(&ui).unwrap();
        assert_eq!(stats.blank(), None, "{stats}");
    }
}

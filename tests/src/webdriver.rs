//! A small W3C WebDriver client, enough to drive the app through tauri-driver: start and end
//! a session, find elements by CSS, click, type, read text, run a script, take a screenshot,
//! and wait (bounded) for the page to reach a state.
//!
//! Deliberately not a general client: no frames, windows, cookies, actions API or capability
//! negotiation beyond `tauri:options`. Add an endpoint here when a test needs it.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;
use serde_json::{Value, json};
use ureq::Agent;

/// The key under which W3C WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Toggles a transparent outline on <html> every frame for two seconds: a repaint each
/// frame, nothing visible.
const REPAINT_FOR_A_MOMENT: &str = "\
    const root = document.documentElement; const end = Date.now() + 2000;\
    const tick = () => {\
        root.style.outline = root.style.outline ? '' : '1px solid transparent';\
        if (Date.now() < end) requestAnimationFrame(tick); else root.style.outline = '';\
    };\
    requestAnimationFrame(tick);";

/// W3C key codes: Control toggles, NULL releases every modifier, then Backspace.
const CLEAR: &str = "\u{E009}a\u{E000}\u{E003}";

/// How often `wait_for` looks again.
const POLL: Duration = Duration::from_millis(250);

/// A live WebDriver session with the app. Dropping it ends the session (and so the app).
pub struct Session {
    agent: Agent,
    /// `http://127.0.0.1:4444/session/<id>`
    url: String,
    ended: bool,
}

/// An element found in the page (valid until the page re-renders it away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(String);

impl Session {
    /// Starts `application` (with `args`) through the WebDriver server at `server`, e.g.
    /// `http://127.0.0.1:4444` for tauri-driver.
    pub fn start(server: &str, application: &Path, args: &[String]) -> Result<Session> {
        let agent: Agent = Agent::config_builder()
            // WebDriver errors come as 4xx/5xx with a JSON body worth reading.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": { "application": application, "args": args }
                }
            }
        });
        let server = server.trim_end_matches('/');
        let value = send(
            &agent,
            "POST",
            &format!("{server}/session"),
            Some(capabilities),
        )
        .with_context(|| format!("starting a WebDriver session at {server}"))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("new session answer has no sessionId: {value}"))?;
        Ok(Session {
            agent,
            url: format!("{server}/session/{id}"),
            ended: false,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        send(&self.agent, method, &format!("{}{path}", self.url), body)
    }

    /// The first element matching `css`, or `None`.
    pub fn find(&self, css: &str) -> Result<Option<Element>> {
        match self.call("POST", "/element", Some(by_css(css))) {
            Ok(value) => element(&value).map(Some),
            Err(err) if is_no_such_element(&err) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Every element matching `css`, in document order.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let value = self.call("POST", "/elements", Some(by_css(css)))?;
        value
            .as_array()
            .ok_or_else(|| anyhow!("find elements answered {value}"))?
            .iter()
            .map(element)
            .collect()
    }

    pub fn count(&self, css: &str) -> Result<usize> {
        Ok(self.find_all(css)?.len())
    }

    pub fn click(&self, el: &Element) -> Result<()> {
        self.call("POST", &format!("/element/{}/click", el.0), Some(json!({})))?;
        Ok(())
    }

    /// Types `text` into `el` as key presses (W3C key codes such as `\u{E003}` work too).
    pub fn send_keys(&self, el: &Element, text: &str) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        )?;
        Ok(())
    }

    /// The element's rendered text.
    pub fn text(&self, el: &Element) -> Result<String> {
        let value = self.call("GET", &format!("/element/{}/text", el.0), None)?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("element text answered {value}"))
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and returns what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Asks for the window to be `width` × `height` CSS pixels (WebDriver's Set Window Rect),
    /// to look at a screen as a small laptop shows it.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.call(
            "POST",
            "/window/rect",
            Some(serde_json::json!({ "width": width, "height": height })),
        )
        .map(|_| ())
    }

    /// Saves a PNG of the window to `path` (directories are made as needed).
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        // WebKitWebDriver takes the screenshot after the page's next paint, and an idle page
        // (no animation, no blinking caret) under Xvfb may never paint again: the request
        // then hangs. So keep the page repainting, invisibly, for a moment.
        self.execute(REPAINT_FOR_A_MOMENT, vec![])?;
        let value = self.call("GET", "/screenshot", None)?;
        let data = value
            .as_str()
            .ok_or_else(|| anyhow!("screenshot answered {value}"))?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .context("screenshot is not base64")?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
    }

    /// Polls `probe` until it gives `Some`, for at most `limit`; the error says what was
    /// awaited and what the last probe saw.
    pub fn wait_for<T>(
        &self,
        what: &str,
        limit: Duration,
        mut probe: impl FnMut(&Session) -> Result<Option<T>>,
    ) -> Result<T> {
        let start = Instant::now();
        loop {
            let last = match probe(self) {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => String::from("not yet"),
                // The page may be re-rendering under us (stale element): look again.
                Err(err) => format!("{err:#}"),
            };
            if start.elapsed() >= limit {
                bail!("waited {limit:?} for {what}; last look: {last}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Types `text` into the first element matching `css` as soon as it takes keys: a page
    /// still sliding or fading in refuses them ("not interactable"), so this keeps trying.
    pub fn type_into(&self, what: &str, css: &str, text: &str, limit: Duration) -> Result<()> {
        self.wait_for(what, limit, |s| match s.find(css)? {
            Some(el) => s.send_keys(&el, text).map(Some),
            None => Ok(None),
        })
    }

    /// Makes the first input or text area matching `css` read `text`, typing it (then the
    /// keys in `then`, e.g. Enter to take a typed date) until it reads back so. Unlike
    /// [`Session::type_into`] a retry never types the text twice: WebKit's driver sometimes
    /// reports an error for keys it did deliver, so this looks before typing again, and
    /// clears a field holding something else first (in its own request: a date box drops
    /// keys sent together with the clearing).
    pub fn fill_in(
        &self,
        what: &str,
        css: &str,
        text: &str,
        then: &str,
        limit: Duration,
    ) -> Result<()> {
        self.wait_for(what, limit, |s| {
            let Some(el) = s.find(css)? else {
                return Ok(None);
            };
            let value = s.execute(
                "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
                vec![Value::from(css)],
            )?;
            match value.as_str() {
                Some(v) if v == text => Ok(Some(())),
                Some("") => s.send_keys(&el, &format!("{text}{then}")).map(|_| None),
                Some(_) => s.send_keys(&el, CLEAR).map(|_| None),
                None => Ok(None),
            }
        })
    }

    /// Clicks the first element matching `css` as soon as it can be clicked (see
    /// [`Session::type_into`]).
    pub fn click_on(&self, what: &str, css: &str, limit: Duration) -> Result<()> {
        self.wait_for(what, limit, |s| match s.find(css)? {
            Some(el) => s.click(&el).map(Some),
            None => Ok(None),
        })
    }

    /// Ends the session; WebKitWebDriver then closes the app.
    pub fn quit(mut self) -> Result<()> {
        self.end()
    }

    fn end(&mut self) -> Result<()> {
        if self.ended {
            return Ok(());
        }
        self.ended = true;
        send(&self.agent, "DELETE", &self.url, None).map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Err(err) = self.end() {
            eprintln!("could not end the WebDriver session: {err:#}");
        }
    }
}

fn by_css(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

fn element(value: &Value) -> Result<Element> {
    value[ELEMENT_KEY]
        .as_str()
        .map(|id| Element(id.to_owned()))
        .ok_or_else(|| anyhow!("not an element reference: {value}"))
}

/// A WebDriver error answer, kept so callers can tell "no such element" from real failures.
#[derive(Debug)]
struct WebDriverError {
    error: String,
    message: String,
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebDriver error {:?}: {}", self.error, self.message)
    }
}

impl std::error::Error for WebDriverError {}

fn is_no_such_element(err: &anyhow::Error) -> bool {
    err.downcast_ref::<WebDriverError>()
        .is_some_and(|e| e.error == "no such element")
}

/// One request; returns the answer's `value`, or its WebDriver error.
fn send(agent: &Agent, method: &str, url: &str, body: Option<Value>) -> Result<Value> {
    let answer = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        ("POST", Some(body)) => agent.post(url).send_json(body),
        ("POST", None) => agent.post(url).send_json(json!({})),
        _ => bail!("unsupported method {method}"),
    };
    let mut answer = answer.with_context(|| format!("{method} {url}"))?;
    let status = answer.status();
    let value: Value = answer
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .with_context(|| format!("{method} {url}: answer ({status}) is not JSON"))?;
    let value = value.get("value").cloned().unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(WebDriverError {
            error: value["error"]
                .as_str()
                .unwrap_or("unknown error")
                .to_owned(),
            message: value["message"].as_str().unwrap_or("").to_owned(),
        })
        .with_context(|| format!("{method} {url} ({status})"));
    }
    Ok(value)
}

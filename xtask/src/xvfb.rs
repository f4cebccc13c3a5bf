//! A display for the app: the developer's own when there is one, else a private Xvfb server
//! that lives as long as the returned guard.
//!
//! Not here: anything about the app itself, except the WebKitGTK settings a virtual display
//! needs (see [`Display::configure`]).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Result, bail};

use crate::Paths;
use crate::sh::{self, Background, note, step};

/// Where windows go: an existing screen, or our Xvfb.
pub struct Display {
    /// `:N` when we started Xvfb on it.
    virtual_display: Option<String>,
    _server: Option<Background>,
}

impl Display {
    /// The developer's display when DISPLAY or WAYLAND_DISPLAY is set, else a new Xvfb.
    pub fn open(paths: &Paths) -> Result<Display> {
        step("Display");
        for var in ["DISPLAY", "WAYLAND_DISPLAY"] {
            if std::env::var(var).is_ok_and(|v| !v.is_empty()) {
                note(format!("using the screen in {var}"));
                return Ok(Display {
                    virtual_display: None,
                    _server: None,
                });
            }
        }
        note("no DISPLAY or WAYLAND_DISPLAY: starting Xvfb");
        Display::start_xvfb(paths)
    }

    /// A new Xvfb even when the developer has a screen: for checks that must not put windows
    /// in front of someone, and whose screenshot must show only the app.
    pub fn open_virtual(paths: &Paths) -> Result<Display> {
        step("Display (a private Xvfb)");
        Display::start_xvfb(paths)
    }

    fn start_xvfb(paths: &Paths) -> Result<Display> {
        if !sh::on_path("Xvfb") {
            bail!("Xvfb is not installed.\n    fix: sudo apt-get install xvfb");
        }
        for number in 99..140 {
            if Path::new(&format!("/tmp/.X{number}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
            {
                continue;
            }
            let name = format!(":{number}");
            let log = paths.logs()?.join(format!("xvfb-{number}.log"));
            let mut cmd = Command::new("Xvfb");
            cmd.args([&name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"]);
            sh::log_to(&mut cmd, &log)?;
            let mut server = Background::spawn("Xvfb", &mut cmd)?;
            let socket = format!("/tmp/.X11-unix/X{number}");
            let up = sh::wait_for(Duration::from_secs(15), || {
                Path::new(&socket).exists() || server.exited().is_some()
            });
            if up && server.exited().is_none() {
                note(format!("Xvfb is up on {name} (log: {})", log.display()));
                return Ok(Display {
                    virtual_display: Some(name),
                    _server: Some(server),
                });
            }
            // Another server took the number first, or Xvfb could not start: try the next.
            note(format!(
                "Xvfb did not come up on {name}; see {}",
                log.display()
            ));
        }
        bail!("could not start Xvfb on any display from :99 to :139.\n    fix: see the logs above")
    }

    /// Whether the display is our Xvfb (so a screenshot is the only way to see the app).
    pub fn is_virtual(&self) -> bool {
        self.virtual_display.is_some()
    }

    /// Points `cmd` at this display.
    pub fn configure(&self, cmd: &mut Command) {
        let Some(name) = &self.virtual_display else {
            return;
        };
        cmd.env("DISPLAY", name).env_remove("WAYLAND_DISPLAY");
        // Xvfb has no GPU: WebKitGTK's accelerated compositing and its DMA-BUF renderer then
        // leave the web view blank (or crash the web process), so draw in software. Set only
        // here; on a real screen WebKitGTK picks what works.
        cmd.env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        cmd.env("LIBGL_ALWAYS_SOFTWARE", "1");
    }

    /// Waits until a top-level window whose name contains `title` is on the display.
    pub fn wait_for_window(&self, title: &str, limit: Duration) -> bool {
        sh::wait_for(limit, || {
            let mut cmd = Command::new("xwininfo");
            cmd.args(["-root", "-tree"]);
            self.configure(&mut cmd);
            sh::read(&mut cmd).is_ok_and(|tree| tree.contains(title))
        })
    }

    /// Saves what is on the (whole) display as a PNG.
    pub fn screenshot(&self, to: &Path) -> Result<()> {
        let mut cmd = Command::new("import");
        cmd.args(["-window", "root"]).arg(to);
        self.configure(&mut cmd);
        sh::run(
            &mut cmd,
            "install ImageMagick: sudo apt-get install imagemagick",
        )
    }
}

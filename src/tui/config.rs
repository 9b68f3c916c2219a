//! The config file: `$XDG_CONFIG_HOME/workplan/config.toml` (else
//! `~/.config/workplan/config.toml`, or the file `WORKPLAN_CONFIG` names). It remaps keys
//! and picks a theme; `docs/config.md` describes it. A file that is refused leaves the
//! planner on its defaults, with the reason on the status line.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::app::{App, Notice, NoticeKind};
use super::keymap::{Keymap, Override};
use crate::plan::fsio;

/// A config file is a few lines; anything bigger is not one.
pub const MAX_BYTES: u64 = 64 * 1024;

/// What the config file decides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub monochrome: bool,
    pub ascii_borders: bool,
    pub keymap: Keymap,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{}: cannot read the config file: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}:{line}:{column}: {message}{}", path.display(), help.as_deref().map(|h| format!("; {h}")).unwrap_or_default())]
    Refused {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        help: Option<String>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct File {
    theme: ThemeSection,
    keys: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ThemeSection {
    name: ThemeName,
    borders: Borders,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum ThemeName {
    #[default]
    Default,
    Monochrome,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Borders {
    #[default]
    Unicode,
    Ascii,
}

/// Where the config file is, by the XDG rules, and whether the user named it (a named
/// file must exist; the usual place may be empty). `var` reads the environment.
pub fn locate(var: impl Fn(&str) -> Option<OsString>) -> Option<(PathBuf, bool)> {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if let Some(file) = set("WORKPLAN_CONFIG") {
        return Some((PathBuf::from(file), true));
    }
    // The XDG base directory spec: a relative path in the variable is to be ignored.
    let base = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some((base.join("workplan").join("config.toml"), false))
}

/// Reads and checks the config file at `path`; a missing file that the user did not
/// name gives the defaults.
pub fn load(path: &Path, named: bool) -> Result<Settings, ConfigError> {
    let unreadable = |reason: String| ConfigError::Unreadable {
        path: path.to_owned(),
        reason,
    };
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Settings::default());
        }
        Err(e) => return Err(unreadable(fsio::Words(&e).to_string())),
        Ok(m) => m,
    };
    // A pipe or a device would block or never end: a config file is a regular file.
    if !meta.is_file() {
        return Err(unreadable("not a regular file".into()));
    }
    let mut file =
        std::fs::File::open(path).map_err(|e| unreadable(fsio::Words(&e).to_string()))?;
    let bytes = match fsio::read_bounded(&mut file, &meta, MAX_BYTES) {
        Ok(fsio::Bounded::Read(b)) => b,
        Ok(fsio::Bounded::TooLarge(n)) => {
            return Err(unreadable(format!(
                "{n} bytes, more than a config file's {MAX_BYTES}"
            )));
        }
        Err(e) => return Err(unreadable(fsio::Words(&e).to_string())),
    };
    let text = String::from_utf8(bytes).map_err(|_| unreadable("not UTF-8 text".into()))?;
    parse(&text, path)
}

/// The settings a config file's text gives; `path` only names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
    let refused = |span: Option<Range<usize>>, message: String, help: Option<String>| {
        let (line, column) = line_column(text, span.map_or(0, |s| s.start));
        ConfigError::Refused {
            path: path.to_owned(),
            line,
            column,
            message,
            help,
        }
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().replace('\n', " ");
        refused(e.span(), message, None)
    })?;
    let mut overrides = Vec::new();
    for (name, value) in file.keys {
        let keys_span = value.span();
        let keys = key_list(value.into_inner()).ok_or_else(|| {
            refused(
                Some(keys_span.clone()),
                format!("`{}` takes a key or a list of keys", name.get_ref()),
                Some(format!(
                    "e.g. {} = \"ctrl+s\" or {} = [\"m\", \"M\"]",
                    name.get_ref(),
                    name.get_ref()
                )),
            )
        })?;
        overrides.push(Override {
            name_span: name.span(),
            name: name.into_inner(),
            keys,
            keys_span,
        });
    }
    let keymap =
        Keymap::with_overrides(&overrides).map_err(|r| refused(Some(r.span), r.message, r.help))?;
    Ok(Settings {
        monochrome: file.theme.name == ThemeName::Monochrome,
        ascii_borders: file.theme.borders == Borders::Ascii,
        keymap,
    })
}

fn key_list(value: toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(s) => Some(vec![s]),
        toml::Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The settings from the environment's config file, or the defaults and why the file
/// was not used.
pub fn from_env() -> (Settings, Option<ConfigError>) {
    match locate(|name| std::env::var_os(name)) {
        None => (Settings::default(), None),
        Some((path, named)) => match load(&path, named) {
            Ok(settings) => (settings, None),
            Err(e) => (Settings::default(), Some(e)),
        },
    }
}

/// At startup: the config file's keys and theme, or the defaults and the reason on the
/// status line. Monochrome already set (NO_COLOR) stays set.
pub fn configure(app: &mut App) {
    let (settings, error) = from_env();
    apply(app, settings, error);
}

fn apply(app: &mut App, settings: Settings, error: Option<ConfigError>) {
    app.keymap = settings.keymap;
    app.monochrome |= settings.monochrome;
    app.ascii_borders = settings.ascii_borders;
    if let Some(e) = error {
        let e = e.to_string();
        let stop = if e.ends_with(['?', '.']) { "" } else { "." };
        app.notice = Some(Notice {
            kind: NoticeKind::Error,
            text: crate::text::visible(&format!("{e}{stop} Keys and theme are the defaults."))
                .into_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::{Context, Key};

    fn refusal(text: &str) -> (usize, usize, String, Option<String>) {
        match parse(text, Path::new("c.toml")) {
            Err(ConfigError::Refused {
                line,
                column,
                message,
                help,
                ..
            }) => (line, column, message, help),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse("", Path::new("c.toml")), Ok(Settings::default()));
    }

    #[test]
    fn theme_and_keys() {
        let text = "[theme]\nname = \"monochrome\"\nborders = \"ascii\"\n\n[keys]\nsave = \"ctrl+s\"\nmove = [\"m\", \"M\"]\n\"lists.down\" = \"n\"\nhelp = \"f1\"\n";
        let s = parse(text, Path::new("c.toml")).expect("accepted");
        assert!(s.monochrome && s.ascii_borders);
        let m = &s.keymap;
        assert_eq!(
            m.find(Context::Meetings, Key::Char('M')).map(|b| b.hint),
            Some("move")
        );
        assert_eq!(
            m.find(Context::Lists, Key::Char('n')).map(|b| b.help),
            Some("next row (text: scroll down)")
        );
        assert_eq!(
            m.find(Context::Global, Key::F(1)).map(|b| b.hint),
            Some("help")
        );
        assert!(m.find(Context::Global, Key::Char('?')).is_none());
        assert!(
            m.find(Context::Global, Key::Char('w')).is_none(),
            "save is ctrl+s only"
        );
    }

    #[test]
    fn refusals_give_line_column_and_suggestion() {
        assert_eq!(
            refusal("[keys]\nsave = \"ctrl+s\"\n  hlep = \"f1\"\n"),
            (
                3,
                3,
                "unknown action `hlep`".into(),
                Some("did you mean `help`?".into())
            )
        );
        let (line, column, message, _) = refusal("[keys]\nsave = \"ctlr+s\"\n");
        assert_eq!(
            (line, column, message.as_str()),
            (2, 8, "unknown key `ctlr+s`")
        );
        let (line, column, message, help) = refusal("[keys]\nquit = \"u\"\n");
        assert_eq!((line, column), (2, 8));
        assert_eq!(
            message,
            "key `u` would do two things in the global context: `quit` and `global.undo`"
        );
        assert!(help.is_some());
        let (line, column, message, _) = refusal("[theme]\nname = \"mono\"\n");
        assert_eq!((line, column), (2, 8));
        assert!(message.contains("unknown variant `mono`"), "{message}");
        assert!(message.contains("monochrome"), "{message}");
        let (line, _, message, _) = refusal("[theme]\ncolours = \"x\"\n");
        assert_eq!(line, 2);
        assert!(message.contains("unknown field `colours`"), "{message}");
        let (line, column, _, _) = refusal("[keys]\nsave = \"ctrl+s\n");
        assert_eq!(
            (line, column),
            (2, 15),
            "TOML syntax: the string never ends"
        );
        let (line, column, message, help) = refusal("[keys]\nsave = 3\n");
        assert_eq!((line, column), (2, 8));
        assert_eq!(message, "`save` takes a key or a list of keys");
        assert!(help.is_some());
    }

    #[test]
    fn the_message_is_one_line_with_the_place_first() {
        let e = parse(
            "\n[keys]\nhlep = \"f1\"\n",
            Path::new("/home/u/.config/workplan/config.toml"),
        )
        .expect_err("refused");
        assert_eq!(
            e.to_string(),
            "/home/u/.config/workplan/config.toml:3:1: unknown action `hlep`; did you mean `help`?"
        );
    }

    #[test]
    fn the_theme_reaches_the_app_and_no_color_stays() {
        let app = || crate::tui::bundled().expect("bundled plan");
        let settings = parse(
            "[theme]\nname = \"monochrome\"\nborders = \"ascii\"\n",
            Path::new("c"),
        )
        .expect("accepted");
        let mut themed = app();
        apply(&mut themed, settings, None);
        assert!(themed.monochrome && themed.ascii_borders && themed.notice.is_none());
        // NO_COLOR set monochrome before the config was read: a default theme keeps it.
        let mut no_color = app();
        no_color.monochrome = true;
        apply(&mut no_color, Settings::default(), None);
        assert!(no_color.monochrome && !no_color.ascii_borders);
        let error = parse("[keys]\nhlep = \"f1\"\n", Path::new("c.toml")).expect_err("refused");
        let mut refused = app();
        apply(&mut refused, Settings::default(), Some(error));
        let notice = refused.notice.expect("the reason is shown");
        assert_eq!(
            notice.text,
            "c.toml:2:1: unknown action `hlep`; did you mean `help`? Keys and theme are the defaults."
        );
        assert_eq!(refused.keymap, Keymap::default());
    }

    #[test]
    fn the_key_bar_and_the_keys_follow_the_config() {
        use crate::tui::keys::{hints, resolve};
        use crate::tui::msg::Msg;
        let mut app = crate::tui::bundled().expect("bundled plan");
        assert_eq!(hints(&app).last(), Some(&("?".to_string(), "help")));
        let settings =
            parse("[keys]\nhelp = \"f1\"\ndown = \"n\"\n", Path::new("c")).expect("accepted");
        apply(&mut app, settings, None);
        assert_eq!(hints(&app).last(), Some(&("F1".to_string(), "help")));
        assert_eq!(resolve(&app, Key::F(1)), Some(Msg::Help));
        assert_eq!(resolve(&app, Key::Char('?')), None);
        assert_eq!(resolve(&app, Key::Char('n')), Some(Msg::Down));
        assert_eq!(resolve(&app, Key::Char('j')), None);
    }

    #[test]
    fn locate_follows_the_xdg_rules() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let at = |p: &str, named| Some((PathBuf::from(p), named));
        assert_eq!(
            locate(env(&[("HOME", "/h")])),
            at("/h/.config/workplan/config.toml", false)
        );
        assert_eq!(
            locate(env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")])),
            at("/x/workplan/config.toml", false)
        );
        assert_eq!(
            locate(env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "rel")])),
            at("/h/.config/workplan/config.toml", false),
            "a relative XDG_CONFIG_HOME is ignored"
        );
        assert_eq!(
            locate(env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "")])),
            at("/h/.config/workplan/config.toml", false)
        );
        assert_eq!(
            locate(env(&[
                ("WORKPLAN_CONFIG", "my.toml"),
                ("XDG_CONFIG_HOME", "/x")
            ])),
            at("my.toml", true)
        );
        assert_eq!(locate(env(&[])), None);
    }

    #[test]
    fn missing_files_and_others_that_are_not_config_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("none.toml");
        assert_eq!(load(&missing, false), Ok(Settings::default()));
        assert!(matches!(
            load(&missing, true),
            Err(ConfigError::Unreadable { .. })
        ));
        assert!(matches!(
            load(dir.path(), true),
            Err(ConfigError::Unreadable { .. })
        ));
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "#".repeat(MAX_BYTES as usize + 1)).expect("write");
        let e = load(&big, true).expect_err("too big");
        assert!(e.to_string().contains("more than a config file's"), "{e}");
        let latin1 = dir.path().join("latin1.toml");
        std::fs::write(&latin1, b"# caf\xe9\n").expect("write");
        assert!(matches!(
            load(&latin1, true),
            Err(ConfigError::Unreadable { .. })
        ));
        let good = dir.path().join("good.toml");
        std::fs::write(&good, "[theme]\nborders = \"ascii\"\n").expect("write");
        assert!(load(&good, true).expect("read").ascii_borders);
    }
}

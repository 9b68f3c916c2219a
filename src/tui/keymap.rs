//! The effective key map: the default table of `keys.rs` with the user's overrides
//! from the config file. Each binding has a stable name, `context.action` (kebab-case),
//! by which the config file names it; `workplan keys` prints the map.

use std::ops::Range;

use super::keys::{self, BINDINGS, Binding, Context, Key};

/// The keys of every binding of [`BINDINGS`], in the table's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
        }
    }
}

/// One entry of the config file's `[keys]` table: a name and the keys it gets, with
/// where each was written (byte ranges in the file), for the error messages.
#[derive(Clone, Debug)]
pub struct Override {
    pub name: String,
    pub name_span: Range<usize>,
    pub keys: Vec<String>,
    pub keys_span: Range<usize>,
}

/// Why an override is refused, and where (a byte range of the config file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// The contexts whose bindings apply together (`keys::stack`, from the declaration): a
/// key may mean only one action in each.
fn stacks() -> Vec<Vec<Context>> {
    keys::listed().map(|s| keys::stack(s.context)).collect()
}

/// Every context a key can be pressed in, in the order `workplan keys` lists them.
pub fn contexts() -> Vec<Context> {
    keys::listed().map(|s| s.context).collect()
}

/// Contexts where printable keys type text: a bare action name leaves them alone.
fn types_text(context: Context) -> bool {
    context.types_text()
}

pub fn context_name(context: Context) -> &'static str {
    context.name()
}

/// The binding's action name.
pub fn action(binding: &Binding) -> &'static str {
    binding.action
}

/// `context.action`: the name that picks out exactly one binding.
pub fn full_name(binding: &Binding) -> String {
    format!("{}.{}", context_name(binding.context), action(binding))
}

impl Keymap {
    /// The default table with `overrides` applied: a bare action name sets the keys in
    /// every context that has the action (but the text fields, unless the action exists
    /// only there), `context.action` in that context only and wins over a bare name.
    pub fn with_overrides(overrides: &[Override]) -> Result<Self, Refusal> {
        let mut map = Self::default();
        // Which override set each binding's keys, to blame the right line.
        let mut set_by: Vec<Option<&Override>> = vec![None; BINDINGS.len()];
        let mut ordered: Vec<&Override> = overrides.iter().collect();
        ordered.sort_by_key(|o| o.name_span.start);
        let mut qualified = Vec::new();
        for o in ordered {
            let targets = targets(&o.name).map_err(|(message, help)| Refusal {
                span: o.name_span.clone(),
                message,
                help,
            })?;
            let keys = parse_keys(o)?;
            let bare = !o.name.contains('.');
            for i in targets {
                if !bare {
                    qualified.push(i);
                } else if qualified.contains(&i) {
                    continue;
                }
                refuse_typing_keys(o, BINDINGS[i].context, &keys)?;
                map.keys[i] = keys.clone();
                set_by[i] = Some(o);
            }
        }
        map.refuse_conflicts(&set_by)?;
        Ok(map)
    }

    /// A key that would mean two actions where both apply.
    fn refuse_conflicts(&self, set_by: &[Option<&Override>]) -> Result<(), Refusal> {
        for stack in stacks() {
            let mut seen: Vec<(Key, usize)> = Vec::new();
            for (i, b) in BINDINGS.iter().enumerate() {
                if !stack.contains(&b.context) {
                    continue;
                }
                for &key in &self.keys[i] {
                    let Some(&(_, j)) = seen.iter().find(|(k, _)| *k == key) else {
                        seen.push((key, i));
                        continue;
                    };
                    // The same action in a narrower context (the timeline's `up` over
                    // the meetings') is the point of contexts, not a clash.
                    if j == i || action(&BINDINGS[j]) == action(b) {
                        continue;
                    }
                    let (blamed, at, other) = match (set_by[i], set_by[j]) {
                        (Some(o), _) => (o, i, j),
                        (None, Some(o)) => (o, j, i),
                        (None, None) => continue,
                    };
                    return Err(Refusal {
                        span: blamed.keys_span.clone(),
                        message: format!(
                            "key `{}` would do two things in the {} context: `{}` and `{}`",
                            key_name(key),
                            context_name(BINDINGS[at].context),
                            blamed.name,
                            full_name(&BINDINGS[other]),
                        ),
                        help: Some(format!(
                            "give `{}` another key, or rebind `{}` too",
                            blamed.name,
                            full_name(&BINDINGS[other])
                        )),
                    });
                }
            }
        }
        Ok(())
    }

    /// The keys of `binding` (one of [`BINDINGS`]) in this map.
    pub fn keys_of(&self, binding: &Binding) -> &[Key] {
        BINDINGS
            .iter()
            .position(|b| std::ptr::eq(b, binding))
            .and_then(|i| self.keys.get(i))
            .map_or(binding.keys, Vec::as_slice)
    }

    /// The bindings of `context` with their keys, in the table's order.
    pub fn in_context(&self, context: Context) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        self.all().filter(move |(b, _)| b.context == context)
    }

    pub fn all(&self) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        BINDINGS.iter().zip(self.keys.iter().map(Vec::as_slice))
    }

    /// The binding of `context` that `key` triggers.
    pub fn find(&self, context: Context, key: Key) -> Option<&'static Binding> {
        self.in_context(context)
            .find(|(_, keys)| keys.contains(&key))
            .map(|(b, _)| b)
    }
}

/// The bindings a name picks out, or why it picks none (and what was meant).
fn targets(name: &str) -> Result<Vec<usize>, (String, Option<String>)> {
    let indexed = || BINDINGS.iter().enumerate();
    if let Some((context, act)) = name.split_once('.') {
        let contexts = contexts();
        let Some(&ctx) = contexts.iter().find(|c| context_name(**c) == context) else {
            let names: Vec<&str> = contexts.iter().map(|c| context_name(*c)).collect();
            return Err((
                format!("unknown context `{context}` in `{name}`"),
                Some(suggest(context, &names, "contexts")),
            ));
        };
        let found: Vec<usize> = indexed()
            .filter(|(_, b)| b.context == ctx && action(b) == act)
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            let names: Vec<&str> = BINDINGS
                .iter()
                .filter(|b| b.context == ctx)
                .map(action)
                .collect();
            return Err((
                format!("the {context} context has no action `{act}`"),
                Some(suggest(act, &names, "its actions")),
            ));
        }
        return Ok(found);
    }
    let all: Vec<usize> = indexed()
        .filter(|(_, b)| action(b) == name)
        .map(|(i, _)| i)
        .collect();
    if all.is_empty() {
        let mut names: Vec<&str> = BINDINGS.iter().map(action).collect();
        names.sort_unstable();
        names.dedup();
        return Err((
            format!("unknown action `{name}`"),
            Some(suggest(name, &names, "actions")),
        ));
    }
    let outside: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| !types_text(BINDINGS[i].context))
        .collect();
    Ok(if outside.is_empty() { all } else { outside })
}

/// "did you mean `help`?", or the list of names when none is close.
fn suggest(word: &str, names: &[&str], what: &str) -> String {
    let best = names
        .iter()
        .map(|n| (strsim::jaro_winkler(word, n), *n))
        .filter(|(sim, _)| *sim > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, n)) => format!("did you mean `{n}`?"),
        None => format!("{what}: {}", names.join(", ")),
    }
}

fn parse_keys(o: &Override) -> Result<Vec<Key>, Refusal> {
    if o.keys.is_empty() {
        return Err(Refusal {
            span: o.keys_span.clone(),
            message: format!("`{}` gets no key", o.name),
            help: Some("give at least one key, e.g. \"ctrl+s\"".into()),
        });
    }
    let mut keys = Vec::new();
    for text in &o.keys {
        let key = parse_key(text).map_err(|(message, help)| Refusal {
            span: o.keys_span.clone(),
            message,
            help,
        })?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// A printable key in a text field would type no more.
fn refuse_typing_keys(o: &Override, context: Context, keys: &[Key]) -> Result<(), Refusal> {
    if !types_text(context) {
        return Ok(());
    }
    match keys.iter().find(|k| matches!(k, Key::Char(_))) {
        Some(&k) => Err(Refusal {
            span: o.keys_span.clone(),
            message: format!(
                "`{}` would take `{}` in the {} context, where it types text",
                o.name,
                key_name(k),
                context_name(context)
            ),
            help: Some(
                "in text fields use a key that types nothing, e.g. \"ctrl+n\" or \"f2\"".into(),
            ),
        }),
        None => Ok(()),
    }
}

/// Named keys of the config syntax, for parsing and suggestions.
const NAMED: &[(&str, Key)] = &[
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("pgup", Key::PageUp),
    ("pageup", Key::PageUp),
    ("pgdn", Key::PageDown),
    ("pagedown", Key::PageDown),
    ("home", Key::Home),
    ("end", Key::End),
    ("enter", Key::Enter),
    ("return", Key::Enter),
    ("esc", Key::Esc),
    ("escape", Key::Esc),
    ("tab", Key::Tab),
    ("shift+tab", Key::BackTab),
    ("backtab", Key::BackTab),
    ("backspace", Key::Backspace),
    ("delete", Key::Delete),
    ("del", Key::Delete),
    ("space", Key::Char(' ')),
    ("ctrl+left", Key::CtrlLeft),
    ("ctrl+right", Key::CtrlRight),
];

/// A key in the config syntax: "x", "ctrl+x", "alt+x", "up", "pgdn", "f1"...
pub fn parse_key(text: &str) -> Result<Key, (String, Option<String>)> {
    let single = |s: &str| {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => Some(c),
            _ => None,
        }
    };
    if let Some(c) = single(text) {
        return Ok(Key::Char(c));
    }
    let lower = text.to_ascii_lowercase();
    if let Some(&(_, key)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Ok(key);
    }
    if let Some(rest) = lower.strip_prefix('f')
        && let Ok(n) = rest.parse::<u8>()
        && (1..=12).contains(&n)
    {
        return Ok(Key::F(n));
    }
    for (prefix, make) in [
        (
            "ctrl+",
            (|c: char| Key::Ctrl(c.to_ascii_lowercase())) as fn(char) -> Key,
        ),
        ("alt+", Key::Alt as fn(char) -> Key),
    ] {
        if lower.starts_with(prefix)
            && let Some(c) = single(&text[prefix.len()..])
            && c != ' '
        {
            return Ok(make(c));
        }
    }
    let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
    let help = match suggest(&lower, &names, "") {
        s if s.starts_with("did you mean") => s,
        _ => {
            "a key is one character (\"x\", \"X\"), ctrl+x, alt+x, f1 to f12, or one of: "
                .to_string()
                + &names.join(", ")
        }
    };
    Err((format!("unknown key `{text}`"), Some(help)))
}

/// The key in the config syntax, as `workplan keys` prints it.
pub fn key_name(key: Key) -> String {
    match key {
        Key::Char(' ') => "space".into(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("ctrl+{c}"),
        Key::Alt(c) => format!("alt+{c}"),
        Key::CtrlLeft => "ctrl+left".into(),
        Key::CtrlRight => "ctrl+right".into(),
        Key::Up => "up".into(),
        Key::Down => "down".into(),
        Key::Left => "left".into(),
        Key::Right => "right".into(),
        Key::PageUp => "pgup".into(),
        Key::PageDown => "pgdn".into(),
        Key::Home => "home".into(),
        Key::End => "end".into(),
        Key::Enter => "enter".into(),
        Key::Esc => "esc".into(),
        Key::Tab => "tab".into(),
        Key::BackTab => "shift+tab".into(),
        Key::Backspace => "backspace".into(),
        Key::Delete => "delete".into(),
        Key::F(n) => format!("f{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(name: &str, keys: &[&str]) -> Override {
        Override {
            name: name.into(),
            name_span: 0..name.len(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            keys_span: 100..110,
        }
    }

    fn binding(name: &str) -> &'static Binding {
        BINDINGS
            .iter()
            .find(|b| full_name(b) == name)
            .unwrap_or_else(|| panic!("no binding {name}"))
    }

    #[test]
    fn every_binding_has_a_name_unique_in_its_context() {
        let mut names: Vec<String> = BINDINGS.iter().map(full_name).collect();
        assert!(BINDINGS.iter().all(|b| !action(b).is_empty()));
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "two bindings share a name");
        // Names are kebab-case: a config file writes them bare in a TOML key.
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == '.')
        }));
    }

    /// Each help line names exactly one action: one binding per message in a context
    /// (the names above are unique), and no two messages of a context described alike.
    #[test]
    fn each_help_line_names_one_action() {
        for c in contexts() {
            let mut seen: Vec<(&str, &crate::tui::msg::Msg)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.context == c) {
                assert!(!b.help.is_empty(), "{}: no help", full_name(b));
                if let Some((_, other)) = seen.iter().find(|(h, _)| *h == b.help) {
                    panic!("{c:?}: {other:?} and {:?} both read {:?}", b.msg, b.help);
                }
                seen.push((b.help, &b.msg));
            }
        }
    }

    #[test]
    fn every_context_is_in_a_stack_and_listed() {
        for b in BINDINGS.iter() {
            assert!(contexts().contains(&b.context));
            assert!(stacks().iter().any(|s| s.contains(&b.context)));
        }
        // Each context is declared once, and only the text field is never listed.
        use strum::VariantArray as _;
        for &c in Context::VARIANTS {
            let declared = keys::SCOPES.iter().filter(|s| s.context == c).count();
            assert_eq!(declared, 1, "{c:?}");
            assert_eq!(contexts().contains(&c), c != Context::TextField, "{c:?}");
        }
        let mut names: Vec<&str> = keys::SCOPES.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), keys::SCOPES.len(), "two contexts share a name");
    }

    /// An action is one message wherever it is bound, and a message one action: a bare
    /// name in the config file reaches every context that has it.
    #[test]
    fn one_name_per_message() {
        for a in BINDINGS.iter() {
            for b in BINDINGS.iter() {
                assert_eq!(
                    a.msg == b.msg,
                    a.action == b.action,
                    "{} and {}",
                    full_name(a),
                    full_name(b)
                );
            }
        }
    }

    /// The text-entry contexts carry the text field's bindings, their own in its place.
    #[test]
    fn text_entry_contexts_stack_on_the_text_field() {
        for c in [Context::Prompt, Context::Picker] {
            assert!(c.types_text());
            let names: Vec<&str> = BINDINGS
                .iter()
                .filter(|b| b.context == c)
                .map(action)
                .collect();
            for word in [
                "delete-back",
                "char-left",
                "word-right",
                "delete-forward",
                "cancel",
            ] {
                assert_eq!(
                    names.iter().filter(|n| **n == word).count(),
                    1,
                    "{c:?} {word}"
                );
            }
        }
        assert_eq!(binding("prompt.delete-forward").keys, [Key::Delete]);
        assert_eq!(binding("picker.delete-forward").keys, [Key::Ctrl('d')]);
        assert_eq!(binding("picker.cancel").help, "close the picker");
        assert!(!Context::Meetings.types_text());
    }

    #[test]
    fn the_stacks_are_the_contexts_the_panes_use() {
        use crate::tui::app::Pane;
        let mut app = crate::tui::bundled().expect("bundled plan");
        for pane in [
            Pane::Timeline,
            Pane::Meetings,
            Pane::Details,
            Pane::Findings,
        ] {
            app.focus = pane;
            let contexts = crate::tui::keys::contexts(&app);
            assert!(stacks().contains(&contexts), "{pane:?}: {contexts:?}");
        }
    }

    #[test]
    fn the_default_table_has_no_clash() {
        assert_eq!(Keymap::with_overrides(&[]), Ok(Keymap::default()));
        let unchanged: Vec<Option<&Override>> = vec![None; BINDINGS.len()];
        // With nobody to blame a clash would be skipped: look for one directly.
        // One shadowing is meant: Enter in the timeline goes to the meetings table, where
        // Enter opens the details (the more specific context answers first).
        let shadowing = [(Key::Enter, Context::Timeline, Context::Meetings)];
        for stack in stacks() {
            let mut seen: Vec<(Key, Context, &str)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| stack.contains(&b.context)) {
                for &k in b.keys {
                    if let Some((_, c, a)) = seen.iter().find(|(s, ..)| *s == k)
                        && *a != action(b)
                    {
                        assert!(
                            shadowing.contains(&(k, *c, b.context))
                                || shadowing.contains(&(k, b.context, *c)),
                            "{} in {:?}: {a} and {}",
                            key_name(k),
                            stack,
                            action(b)
                        );
                    }
                    seen.push((k, b.context, action(b)));
                }
            }
        }
        assert!(Keymap::default().refuse_conflicts(&unchanged).is_ok());
    }

    #[test]
    fn every_key_of_the_table_reads_back_from_its_name() {
        for b in BINDINGS.iter() {
            for &k in b.keys {
                assert_eq!(parse_key(&key_name(k)), Ok(k));
            }
        }
    }

    #[test]
    fn key_syntax() {
        let cases = [
            ("x", Key::Char('x')),
            ("X", Key::Char('X')),
            ("ctrl+s", Key::Ctrl('s')),
            ("Ctrl+S", Key::Ctrl('s')),
            ("alt+b", Key::Alt('b')),
            ("up", Key::Up),
            ("PgDn", Key::PageDown),
            ("home", Key::Home),
            ("enter", Key::Enter),
            ("esc", Key::Esc),
            ("tab", Key::Tab),
            ("space", Key::Char(' ')),
            ("f1", Key::F(1)),
            ("F12", Key::F(12)),
            ("+", Key::Char('+')),
            ("ctrl+left", Key::CtrlLeft),
        ];
        for (text, key) in cases {
            assert_eq!(parse_key(text), Ok(key), "{text}");
        }
        for bad in [
            "",
            "f13",
            "f0",
            "ctrl+",
            "ctrl+up",
            "xy",
            "\u{7}",
            "ctrl+space",
        ] {
            assert!(parse_key(bad).is_err(), "{bad:?}");
        }
        let (message, help) = parse_key("pgdown").unwrap_err();
        assert_eq!(message, "unknown key `pgdown`");
        assert_eq!(help.as_deref(), Some("did you mean `pagedown`?"));
    }

    #[test]
    fn a_bare_name_remaps_every_context_but_the_text_fields() {
        let map = Keymap::with_overrides(&[over("cancel", &["ctrl+g"])]).expect("accepted");
        for name in [
            "help.cancel",
            "diff.cancel",
            "export.cancel",
            "moving.cancel",
        ] {
            assert_eq!(map.keys_of(binding(name)), [Key::Ctrl('g')], "{name}");
        }
        // Text fields keep theirs: Ctrl+G is no text, but a bare name leaves them alone.
        assert_eq!(map.keys_of(binding("picker.cancel")), [Key::Esc]);
        let map = Keymap::with_overrides(&[over("down", &["n"])]).expect("accepted");
        assert_eq!(map.keys_of(binding("picker.down")), [Key::Down]);
        let found = |c, k| map.find(c, k).map(full_name);
        assert_eq!(
            found(Context::Lists, Key::Char('n')).as_deref(),
            Some("lists.down")
        );
        assert_eq!(found(Context::Lists, Key::Char('j')), None);
    }

    #[test]
    fn a_qualified_name_wins_whatever_its_place() {
        for order in [
            [over("help.cancel", &["x"]), over("cancel", &["ctrl+g"])],
            [over("cancel", &["ctrl+g"]), over("help.cancel", &["x"])],
        ] {
            let mut order = order;
            order[1].name_span = 50..60;
            let map = Keymap::with_overrides(&order).expect("accepted");
            assert_eq!(map.keys_of(binding("help.cancel")), [Key::Char('x')]);
            assert_eq!(map.keys_of(binding("diff.cancel")), [Key::Ctrl('g')]);
        }
    }

    #[test]
    fn actions_only_in_text_fields_remap_there() {
        let map = Keymap::with_overrides(&[over("word-left", &["ctrl+b"])]).expect("ok");
        assert_eq!(map.keys_of(binding("prompt.word-left")), [Key::Ctrl('b')]);
        assert_eq!(map.keys_of(binding("picker.word-left")), [Key::Ctrl('b')]);
    }

    #[test]
    fn refusals_name_the_place_and_a_way_out() {
        // The overrides; the message, the help if it is fixed, and where.
        type Case<'a> = (&'a [Override], &'a str, Option<&'a str>, Range<usize>);
        let cases: &[Case] = &[
            (
                &[over("hlep", &["f1"])],
                "unknown action `hlep`",
                Some("did you mean `help`?"),
                0..4,
            ),
            (
                &[over("meeting.down", &["n"])],
                "unknown context `meeting` in `meeting.down`",
                Some("did you mean `meetings`?"),
                0..12,
            ),
            (
                &[over("picker.save", &["n"])],
                "the picker context has no action `save`",
                None,
                0..11,
            ),
            (
                &[over("save", &["ctrl+ss"])],
                "unknown key `ctrl+ss`",
                None,
                100..110,
            ),
            (
                &[over("down", &["u"])],
                "key `u` would do two things in the lists context: `down` and `global.undo`",
                Some("give `down` another key, or rebind `global.undo` too"),
                100..110,
            ),
            (
                &[over("picker.down", &["n"])],
                "`picker.down` would take `n` in the picker context, where it types text",
                None,
                100..110,
            ),
            (&[over("save", &[])], "`save` gets no key", None, 100..110),
        ];
        for (overrides, message, help, span) in cases {
            let refusal = Keymap::with_overrides(overrides).expect_err(message);
            assert_eq!(refusal.message, *message);
            if let Some(help) = help {
                assert_eq!(refusal.help.as_deref(), Some(*help));
            }
            assert!(refusal.help.is_some(), "{message}: no way out offered");
            assert_eq!(refusal.span, *span, "{message}");
        }
    }

    #[test]
    fn swapping_two_keys_is_no_clash() {
        let map = Keymap::with_overrides(&[over("undo", &["U"]), over("redo", &["u"])])
            .expect("accepted");
        assert_eq!(
            map.find(Context::Global, Key::Char('u'))
                .map(full_name)
                .as_deref(),
            Some("global.redo")
        );
    }
}

//! Key bindings as data. The key bar and the help overlay are built from this table,
//! so the hints cannot drift from what the keys do.

use super::app::{App, Mode, Pane};
use super::msg::{Msg, TextEdit as E};

/// A key press, independent of the terminal library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Alt(char),
    CtrlLeft,
    CtrlRight,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    /// A function key, F1 to F12.
    F(u8),
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl+{}", c.to_ascii_uppercase()),
            Key::Alt(c) => format!("Alt+{}", c.to_ascii_uppercase()),
            Key::CtrlLeft => "Ctrl+←".into(),
            Key::CtrlRight => "Ctrl+→".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift+Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Delete => "Del".into(),
            Key::F(n) => format!("F{n}"),
        }
    }

    /// [`Key::label`] in plain ASCII, for the `ascii` display: arrows spelled out
    /// ("Left or h", not "< or h"), the rest as they are.
    pub fn ascii_label(self) -> String {
        match self {
            Key::CtrlLeft => "Ctrl+Left".into(),
            Key::CtrlRight => "Ctrl+Right".into(),
            Key::Up => "Up".into(),
            Key::Down => "Down".into(),
            Key::Left => "Left".into(),
            Key::Right => "Right".into(),
            other => other.label(),
        }
    }
}

/// How the planner names `key`: with arrows, or spelled out in the ASCII display.
pub fn key_label(app: &App, key: Key) -> String {
    if app.ascii_borders {
        key.ascii_label()
    } else {
        key.label()
    }
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Anywhere outside a dialog.
    Global,
    /// Moving through the list or text of any pane or dialog that has one.
    Lists,
    Timeline,
    Meetings,
    Findings,
    /// Choosing the meeting a fixed topic goes to.
    Moving,
    Conflict,
    Picker,
    Prompt,
    EditMenu,
    Choice,
    ConfirmQuit,
    Help,
    Export,
    Diff,
    Realign,
    Restore,
    /// A save found the plan's file changed on disk.
    OnDisk,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Lists => "Lists and texts: meetings, clusters, findings, choices, help",
            Context::Timeline => "Timeline",
            Context::Meetings => "Meetings (also in the timeline)",
            Context::Findings => "Findings",
            Context::Moving => "Moving a fixed topic",
            Context::Conflict => "Target meeting has a fixed topic",
            Context::Picker => "Flexible-topic picker",
            Context::Prompt => "Text fields",
            Context::EditMenu => "Edit meeting",
            Context::Choice => "Choose a status",
            Context::ConfirmQuit => "Unsaved changes",
            Context::Help => "Help",
            Context::Export => "Export",
            Context::Diff => "Changes since opening",
            Context::Realign => "Realignment preview",
            Context::Restore => "Unsaved edits found",
            Context::OnDisk => "Changed on disk",
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub context: Context,
    pub msg: Msg,
    /// Word for the key bar; empty keeps it out of the bar (still in help).
    pub hint: &'static str,
    pub help: &'static str,
}

const fn b(
    keys: &'static [Key],
    context: Context,
    msg: Msg,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        context,
        msg,
        hint,
        help,
    }
}

use Context as C;
use Key as K;

pub static BINDINGS: &[Binding] = &[
    // Moving through a list or a text, defined once: every context that has one shares
    // these (`contexts`).
    b(
        &[K::Up, K::Char('k')],
        C::Lists,
        Msg::Up,
        "",
        "previous row (text: scroll up)",
    ),
    b(
        &[K::Down, K::Char('j')],
        C::Lists,
        Msg::Down,
        "",
        "next row (text: scroll down)",
    ),
    b(&[K::PageUp], C::Lists, Msg::PageUp, "", "a page up"),
    b(&[K::PageDown], C::Lists, Msg::PageDown, "", "a page down"),
    b(
        &[K::Home, K::Char('g')],
        C::Lists,
        Msg::Home,
        "",
        "first row (text: the top)",
    ),
    b(
        &[K::End, K::Char('G')],
        C::Lists,
        Msg::End,
        "",
        "last row (text: the end)",
    ),
    // Meetings (selection and edits; the timeline shares them).
    b(
        &[K::Enter],
        C::Meetings,
        Msg::Details,
        "details",
        "show the meeting's details",
    ),
    b(
        &[K::Char('m')],
        C::Meetings,
        Msg::MoveFixed,
        "move",
        "move the fixed topic to another meeting",
    ),
    b(
        &[K::Char('p')],
        C::Meetings,
        Msg::Postpone,
        "postpone",
        "postpone: this and every later fixed topic move one meeting later",
    ),
    b(
        &[K::Char('f')],
        C::Meetings,
        Msg::PickFlexible,
        "flexible",
        "choose the flexible topic (picker)",
    ),
    b(
        &[K::Char('x'), K::Delete],
        C::Meetings,
        Msg::ClearFlexible,
        "",
        "clear the flexible topic",
    ),
    b(
        &[K::Char('e')],
        C::Meetings,
        Msg::EditMeeting,
        "edit",
        "edit the meeting: dates, venue, status, note",
    ),
    b(
        &[K::Char('a')],
        C::Meetings,
        Msg::AddMeeting,
        "",
        "add a meeting after the last one",
    ),
    b(
        &[K::Char('D')],
        C::Meetings,
        Msg::RemoveMeeting,
        "",
        "remove the meeting (planned ones only)",
    ),
    // Timeline.
    b(
        &[K::Left, K::Char('h')],
        C::Timeline,
        Msg::Left,
        "",
        "previous meeting",
    ),
    b(
        &[K::Right, K::Char('l')],
        C::Timeline,
        Msg::Right,
        "",
        "next meeting",
    ),
    b(
        &[K::Enter],
        C::Timeline,
        Msg::ToMeetings,
        "",
        "go to the meetings table",
    ),
    b(
        &[K::Char('[')],
        C::Timeline,
        Msg::WindowEarlier,
        "window -1y",
        "move the cluster's review window a year earlier",
    ),
    b(
        &[K::Char(']')],
        C::Timeline,
        Msg::WindowLater,
        "window +1y",
        "move the cluster's review window a year later",
    ),
    b(
        &[K::Char('{')],
        C::Timeline,
        Msg::WindowEndEarlier,
        "",
        "end the review window a year earlier",
    ),
    b(
        &[K::Char('}')],
        C::Timeline,
        Msg::WindowEndLater,
        "",
        "end the review window a year later",
    ),
    // Findings.
    b(
        &[K::Enter],
        C::Findings,
        Msg::JumpToFinding,
        "jump",
        "go to the finding's meeting",
    ),
    // Everywhere outside dialogs.
    b(&[K::Tab], C::Global, Msg::NextPane, "pane", "next pane"),
    b(&[K::BackTab], C::Global, Msg::PrevPane, "", "previous pane"),
    b(
        &[K::Char('/')],
        C::Global,
        Msg::Filter,
        "filter",
        "filter the meetings by text",
    ),
    b(
        &[K::Esc],
        C::Global,
        Msg::Cancel,
        "",
        "clear the filter and the message",
    ),
    b(
        &[K::Char('F')],
        C::Global,
        Msg::AddFlexible,
        "",
        "add an additional (Bureau-approved) flexible topic",
    ),
    b(
        &[K::Char('u')],
        C::Global,
        Msg::Undo,
        "undo",
        "undo the last edit",
    ),
    b(
        &[K::Ctrl('r'), K::Char('U')],
        C::Global,
        Msg::Redo,
        "redo",
        "redo",
    ),
    b(
        &[K::Ctrl('s'), K::Char('w')],
        C::Global,
        Msg::Save,
        "save",
        "save the plan",
    ),
    b(
        &[K::Char('W')],
        C::Global,
        Msg::SaveAs,
        "",
        "save the plan under another name",
    ),
    b(
        &[K::Char('E')],
        C::Global,
        Msg::Export,
        "export",
        "export the plan (choose the format, then the file)",
    ),
    b(
        &[K::Char('d')],
        C::Global,
        Msg::Diff,
        "changes",
        "the amendment since the plan was opened",
    ),
    b(
        &[K::Char('R')],
        C::Global,
        Msg::Realign,
        "realign",
        "preview the optimal realignment, apply it as one edit",
    ),
    b(&[K::Char('?')], C::Global, Msg::Help, "help", "all keys"),
    b(
        &[K::Char('q'), K::Ctrl('c')],
        C::Global,
        Msg::Quit,
        "quit",
        "quit (asks first if there are unsaved changes)",
    ),
    // Moving a fixed topic.
    b(
        &[K::Enter],
        C::Moving,
        Msg::Open,
        "place here",
        "put the topic on the selected meeting",
    ),
    b(
        &[K::Esc],
        C::Moving,
        Msg::Cancel,
        "cancel",
        "leave the topic where it was",
    ),
    b(
        &[K::Char('w')],
        C::Conflict,
        Msg::Swap,
        "swap",
        "trade the two topics",
    ),
    b(
        &[K::Char('s')],
        C::Conflict,
        Msg::Shift,
        "shift",
        "take the slot; later topics move one meeting later",
    ),
    b(&[K::Esc], C::Conflict, Msg::Cancel, "cancel", "do nothing"),
    // Picker.
    b(&[K::Up], C::Picker, Msg::Up, "", "previous topic"),
    b(&[K::Down], C::Picker, Msg::Down, "", "next topic"),
    b(
        &[K::Enter],
        C::Picker,
        Msg::Open,
        "assign",
        "assign the topic to the meeting",
    ),
    b(
        &[K::Delete],
        C::Picker,
        Msg::ClearFlexible,
        "clear",
        "clear the meeting's flexible topic",
    ),
    b(
        &[K::Backspace],
        C::Picker,
        Msg::Backspace,
        "",
        "delete the character before the cursor",
    ),
    b(
        &[K::Left],
        C::Picker,
        Msg::Edit(E::CharLeft),
        "",
        "cursor a character left",
    ),
    b(
        &[K::Right],
        C::Picker,
        Msg::Edit(E::CharRight),
        "",
        "cursor a character right",
    ),
    b(
        &[K::Alt('b'), K::CtrlLeft],
        C::Picker,
        Msg::Edit(E::WordLeft),
        "",
        "cursor a word left",
    ),
    b(
        &[K::Alt('f'), K::CtrlRight],
        C::Picker,
        Msg::Edit(E::WordRight),
        "",
        "cursor a word right",
    ),
    b(
        &[K::Home, K::Ctrl('a')],
        C::Picker,
        Msg::Edit(E::Start),
        "",
        "cursor to the start",
    ),
    b(
        &[K::End, K::Ctrl('e')],
        C::Picker,
        Msg::Edit(E::End),
        "",
        "cursor to the end",
    ),
    b(
        &[K::Ctrl('d')],
        C::Picker,
        Msg::Edit(E::DeleteNext),
        "",
        "delete the character under the cursor",
    ),
    b(
        &[K::Ctrl('w')],
        C::Picker,
        Msg::Edit(E::DeletePrevWord),
        "",
        "delete the word before the cursor",
    ),
    b(
        &[K::Ctrl('u')],
        C::Picker,
        Msg::Edit(E::DeleteToStart),
        "",
        "delete to the start",
    ),
    b(
        &[K::Ctrl('k')],
        C::Picker,
        Msg::Edit(E::DeleteToEnd),
        "",
        "delete to the end",
    ),
    b(
        &[K::Esc],
        C::Picker,
        Msg::Cancel,
        "cancel",
        "close the picker",
    ),
    // Text fields.
    b(&[K::Enter], C::Prompt, Msg::Open, "ok", "accept"),
    b(
        &[K::Backspace],
        C::Prompt,
        Msg::Backspace,
        "",
        "delete the character before the cursor",
    ),
    b(
        &[K::Left],
        C::Prompt,
        Msg::Edit(E::CharLeft),
        "",
        "cursor a character left",
    ),
    b(
        &[K::Right],
        C::Prompt,
        Msg::Edit(E::CharRight),
        "",
        "cursor a character right",
    ),
    b(
        &[K::Alt('b'), K::CtrlLeft],
        C::Prompt,
        Msg::Edit(E::WordLeft),
        "",
        "cursor a word left",
    ),
    b(
        &[K::Alt('f'), K::CtrlRight],
        C::Prompt,
        Msg::Edit(E::WordRight),
        "",
        "cursor a word right",
    ),
    b(
        &[K::Home, K::Ctrl('a')],
        C::Prompt,
        Msg::Edit(E::Start),
        "",
        "cursor to the start",
    ),
    b(
        &[K::End, K::Ctrl('e')],
        C::Prompt,
        Msg::Edit(E::End),
        "",
        "cursor to the end",
    ),
    b(
        &[K::Delete],
        C::Prompt,
        Msg::Edit(E::DeleteNext),
        "",
        "delete the character under the cursor",
    ),
    b(
        &[K::Ctrl('w')],
        C::Prompt,
        Msg::Edit(E::DeletePrevWord),
        "",
        "delete the word before the cursor",
    ),
    b(
        &[K::Ctrl('u')],
        C::Prompt,
        Msg::Edit(E::DeleteToStart),
        "",
        "delete to the start",
    ),
    b(
        &[K::Ctrl('k')],
        C::Prompt,
        Msg::Edit(E::DeleteToEnd),
        "",
        "delete to the end",
    ),
    b(&[K::Esc], C::Prompt, Msg::Cancel, "cancel", "cancel"),
    // Edit menu.
    b(
        &[K::Char('d')],
        C::EditMenu,
        Msg::EditDates,
        "dates",
        "first and last day",
    ),
    b(
        &[K::Char('v')],
        C::EditMenu,
        Msg::EditVenue,
        "venue",
        "venue",
    ),
    b(
        &[K::Char('s')],
        C::EditMenu,
        Msg::EditStatus,
        "status",
        "planned, postponed, cancelled, held",
    ),
    b(&[K::Char('n')], C::EditMenu, Msg::EditNote, "note", "note"),
    b(&[K::Esc], C::EditMenu, Msg::Cancel, "cancel", "close"),
    // Status choice.
    b(&[K::Enter], C::Choice, Msg::Open, "choose", "choose"),
    b(&[K::Esc], C::Choice, Msg::Cancel, "cancel", "cancel"),
    // Quit with unsaved changes.
    b(
        &[K::Char('s')],
        C::ConfirmQuit,
        Msg::SaveAndQuit,
        "save and quit",
        "save, then quit",
    ),
    b(
        &[K::Char('d')],
        C::ConfirmQuit,
        Msg::Discard,
        "quit without saving",
        "drop the changes and quit",
    ),
    b(
        &[K::Esc],
        C::ConfirmQuit,
        Msg::Cancel,
        "stay",
        "go back to the plan",
    ),
    // Help.
    b(
        &[K::Esc, K::Char('?'), K::Char('q')],
        C::Help,
        Msg::Cancel,
        "close",
        "close help",
    ),
    // Restore.
    b(
        &[K::Char('r')],
        C::Restore,
        Msg::Restore,
        "restore",
        "take the edits back (u undoes)",
    ),
    b(
        &[K::Char('d')],
        C::Restore,
        Msg::DiscardRecovery,
        "drop",
        "delete them",
    ),
    b(
        &[K::Esc],
        C::Restore,
        Msg::Cancel,
        "later",
        "keep them for the next start",
    ),
    // The plan's file changed on disk.
    b(
        &[K::Char('r')],
        C::OnDisk,
        Msg::Reload,
        "reload",
        "reload the file, this session's edits merged onto it (u undoes)",
    ),
    b(
        &[K::Char('o')],
        C::OnDisk,
        Msg::Overwrite,
        "overwrite",
        "save over the newer file, replacing its changes",
    ),
    b(
        &[K::Char('a'), K::Char('W')],
        C::OnDisk,
        Msg::SaveAs,
        "save as",
        "save the plan under another name",
    ),
    b(
        &[K::Esc],
        C::OnDisk,
        Msg::Cancel,
        "back",
        "back to the plan, nothing written",
    ),
    // Export.
    b(
        &[K::Enter],
        C::Export,
        Msg::Open,
        "choose",
        "choose the format, then the path",
    ),
    b(&[K::Esc], C::Export, Msg::Cancel, "cancel", "close"),
    // Diff.
    b(
        &[K::Char('E')],
        C::Diff,
        Msg::WriteAmendment,
        "write",
        "write the amendment to a file (.md, .json, .docx or text)",
    ),
    b(
        &[K::Esc, K::Char('d'), K::Char('q')],
        C::Diff,
        Msg::Cancel,
        "close",
        "close",
    ),
    // Realign.
    b(
        &[K::Char('o')],
        C::Realign,
        Msg::ToggleReorder,
        "order kept/free",
        "let topics change their order, or keep it",
    ),
    b(
        &[K::Char('s')],
        C::Realign,
        Msg::ToggleSecondMeeting,
        "second meetings",
        "let a year that has one meeting get a second, or not",
    ),
    b(
        &[K::Enter],
        C::Realign,
        Msg::Open,
        "apply",
        "apply the proposal (one edit: u undoes it)",
    ),
    b(
        &[K::Esc],
        C::Realign,
        Msg::Cancel,
        "cancel",
        "leave the plan as it is",
    ),
];

/// The contexts the help overlay lists, in its order.
pub const HELP_ORDER: [Context; 13] = [
    Context::Meetings,
    Context::Timeline,
    Context::Findings,
    Context::Lists,
    Context::Global,
    Context::Moving,
    Context::Conflict,
    Context::Picker,
    Context::EditMenu,
    Context::Prompt,
    Context::Export,
    Context::Diff,
    Context::Realign,
];

/// The contexts whose bindings apply now, most specific first.
pub fn contexts(app: &App) -> Vec<Context> {
    match &app.mode {
        Mode::Normal => {
            let pane = match app.focus {
                Pane::Timeline => vec![C::Timeline, C::Meetings],
                Pane::Meetings | Pane::Details => vec![C::Meetings],
                Pane::Findings => vec![C::Findings],
            };
            pane.into_iter().chain([C::Lists, C::Global]).collect()
        }
        Mode::Filter { .. } | Mode::Prompt(_) => vec![C::Prompt],
        Mode::Moving { .. } => vec![C::Moving, C::Lists],
        Mode::Conflict { .. } => vec![C::Conflict],
        Mode::Picker(_) => vec![C::Picker],
        Mode::EditMenu { .. } => vec![C::EditMenu],
        Mode::Choice { .. } => vec![C::Choice, C::Lists],
        Mode::ConfirmQuit => vec![C::ConfirmQuit],
        Mode::Help { .. } => vec![C::Help, C::Lists],
        Mode::Export { .. } => vec![C::Export, C::Lists],
        Mode::Diff { .. } => vec![C::Diff, C::Lists],
        Mode::Realign(_) => vec![C::Realign, C::Lists],
        Mode::Restore { .. } => vec![C::Restore],
        Mode::ChangedOnDisk(_) => vec![C::OnDisk],
    }
}

/// Whether unbound printable keys type into a field.
fn takes_text(app: &App) -> bool {
    matches!(
        app.mode,
        Mode::Picker(_) | Mode::Prompt(_) | Mode::Filter { .. }
    )
}

/// The message a paste sends in the app's current state: the text for a field, or
/// nothing where no field takes text.
pub fn paste(app: &App, text: String) -> Option<Msg> {
    takes_text(app).then_some(Msg::Paste(text))
}

/// The message a key sends in the app's current state, through the app's key map (the
/// table with the user's overrides).
pub fn resolve(app: &App, key: Key) -> Option<Msg> {
    for context in contexts(app) {
        if let Some(b) = app.keymap.find(context, key) {
            return Some(b.msg.clone());
        }
    }
    match key {
        K::Char(c) if takes_text(app) => Some(Msg::Input(c)),
        // Alt with a key that has no Alt binding: what the key alone does, as before
        // Alt keys were told apart.
        K::Alt(c) => resolve(app, K::Char(c)),
        K::CtrlLeft => resolve(app, K::Left),
        K::CtrlRight => resolve(app, K::Right),
        K::Ctrl('c') => Some(Msg::Quit),
        _ => None,
    }
}

/// (keys, hint) pairs for the key bar of the current state; the help hint, where there
/// is one, last, so that a narrow bar leaves others out first.
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    let contexts = contexts(app);
    // A key a more specific context binds too does that context's action here.
    let shadowed = |b: &Binding, keys: &[Key]| {
        contexts.iter().take_while(|c| **c != b.context).any(|&c| {
            keys.first()
                .is_some_and(|&k| app.keymap.find(c, k).is_some())
        })
    };
    let mut bindings: Vec<(&Binding, &[Key])> = contexts
        .iter()
        .flat_map(|&c| app.keymap.in_context(c))
        .filter(|&(b, keys)| !b.hint.is_empty() && !shadowed(b, keys) && offered(app, &b.msg))
        .collect();
    bindings.sort_by_key(|(b, _)| urgency(app, &b.msg));
    bindings
        .into_iter()
        // The first key only: "Ctrl+R/U" would read as Ctrl+R or Ctrl+U; the help
        // overlay lists every key.
        .map(|(b, keys)| {
            let first = keys.first().map(|&k| key_label(app, k));
            (first.unwrap_or_default(), b.hint)
        })
        .collect()
}

/// Whether the key bar offers `msg` now: not Enter on a realignment that changes
/// nothing (it only closes the preview).
fn offered(app: &App, msg: &Msg) -> bool {
    !matches!((msg, &app.mode), (Msg::Open, Mode::Realign(p)) if p.summary.unchanged)
}

/// How much a key matters now, for the key bar's order (lower first; the sort keeps the
/// table's order among equals): saving when there are unsaved changes and realigning
/// when a fixed topic is misaligned, then undo and the amendment after edits; help
/// last. A bar too narrow for all drops from the end, so what the situation calls for
/// stays in view at 80 columns.
fn urgency(app: &App, msg: &Msg) -> u8 {
    match msg {
        Msg::Save if app.is_dirty() => 0,
        Msg::Realign if app.derived.findings.iter().any(|f| f.is_misalignment()) => 0,
        Msg::Undo if app.history.can_undo() => 1,
        Msg::Diff if app.is_dirty() => 1,
        Msg::Help => 3,
        _ => 2,
    }
}

/// Every key of a binding, for the help overlay: "Ctrl+R or U".
pub fn keys_label(app: &App, keys: &[Key]) -> String {
    keys.iter()
        .map(|&k| key_label(app, k))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A message's closing hint for the key that does `msg` everywhere, " (u undoes)", from
/// the app's key map, so a remapped key is named right; empty when the user unbound it.
pub fn hint(app: &App, msg: &Msg, does: &str) -> String {
    hints_for(app, &[(msg.clone(), does)])
}

/// [`hint`] for several keys: " (u undoes; R realigns)".
pub fn hints_for(app: &App, keys: &[(Msg, &str)]) -> String {
    let named: Vec<String> = keys
        .iter()
        .filter_map(|(msg, does)| match key_for(app, Context::Global, msg) {
            key if key.is_empty() => None,
            key => Some(format!("{key} {does}")),
        })
        .collect();
    if named.is_empty() {
        String::new()
    } else {
        format!(" ({})", named.join("; "))
    }
}

/// The key that sends `msg` in `context`, as a dialog names it ("Esc", "w"): the first
/// of the binding's keys in the app's key map, so a dialog's hints come from the table
/// and follow the user's config.
pub fn key_for(app: &App, context: Context, msg: &Msg) -> String {
    app.keymap
        .in_context(context)
        .find(|(b, _)| b.msg == *msg)
        .and_then(|(_, keys)| keys.first())
        .map(|&k| key_label(app, k))
        .unwrap_or_default()
}

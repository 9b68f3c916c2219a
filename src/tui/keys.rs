//! Key bindings as data, declared once: the contexts ([`SCOPES`]: name, help title, the
//! contexts stacked under each, place in the help) and the bindings (`DECLARED`, one a
//! line). The key table, the key bar, the help overlay, `workplan keys`, the config
//! file's names and the stack of contexts a key is looked up in are all derived from
//! them, so none can drift from what the keys do.

use std::sync::LazyLock;

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

/// Where a binding applies: a pane or a dialog, or what several share (see [`SCOPES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::VariantArray)]
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
    /// The editing keys of a one-line text field, shared by every context that stacks on
    /// it: its bindings are copied into each (named and remapped there, `picker.word-left`),
    /// so it is never open itself and `workplan keys` does not list it.
    TextField,
}

impl Context {
    /// The heading of its keys in the help overlay.
    pub fn title(self) -> &'static str {
        scope(self).title
    }

    /// Its name in the config file and in `workplan keys`.
    pub fn name(self) -> &'static str {
        scope(self).name
    }

    /// Printable keys it leaves unbound type text (it stacks on the text field).
    pub fn types_text(self) -> bool {
        scope(self).under.contains(&Context::TextField)
    }
}

/// A context as declared: the one place that says what it is called, what is under it
/// and where the help lists it.
pub struct Scope {
    pub context: Context,
    /// The config file's name (`context.action`) and `workplan keys`' CONTEXT column.
    pub name: &'static str,
    pub title: &'static str,
    /// The contexts whose bindings apply below its own, most specific first (a key's
    /// first binding in the stack wins); [`Context::TextField`] here copies the text
    /// field's bindings in.
    pub under: &'static [Context],
    /// Its place in the help overlay, from 1; 0 leaves it out.
    pub help: u8,
}

const fn s(
    context: Context,
    name: &'static str,
    title: &'static str,
    under: &'static [Context],
    help: u8,
) -> Scope {
    Scope {
        context,
        name,
        title,
        under,
        help,
    }
}

use Context as C;
use Key as K;

/// The contexts, in the order `workplan keys` lists them. A new context is one line here,
/// its bindings below, and the mode that opens it in `open_context`.
#[rustfmt::skip]
pub static SCOPES: &[Scope] = &[
    //  context        name            help title                                                        under                                  help
    s(C::Global,      "global",       "Everywhere",                                                     &[],                                   5),
    s(C::Lists,       "lists",        "Lists and texts: meetings, clusters, findings, choices, help",   &[],                                   4),
    s(C::Meetings,    "meetings",     "Meetings (also in the timeline)",                                &[C::Lists, C::Global],                1),
    s(C::Timeline,    "timeline",     "Timeline",                                                       &[C::Meetings, C::Lists, C::Global],   2),
    s(C::Findings,    "findings",     "Findings",                                                       &[C::Lists, C::Global],                3),
    s(C::Moving,      "moving",       "Moving a fixed topic",                                           &[C::Lists],                           6),
    s(C::Conflict,    "conflict",     "Target meeting has a fixed topic",                               &[],                                   7),
    s(C::Picker,      "picker",       "Flexible-topic picker",                                          &[C::TextField],                       8),
    s(C::Prompt,      "prompt",       "Text fields",                                                    &[C::TextField],                       10),
    s(C::EditMenu,    "edit-menu",    "Edit meeting",                                                   &[],                                   9),
    s(C::Choice,      "choice",       "Choose a status",                                                &[C::Lists],                           0),
    s(C::ConfirmQuit, "confirm-quit", "Unsaved changes",                                                &[],                                   0),
    s(C::Help,        "help",         "Help",                                                           &[C::Lists],                           0),
    s(C::Export,      "export",       "Export",                                                         &[C::Lists],                           11),
    s(C::Diff,        "diff",         "Changes since opening",                                          &[C::Lists],                           12),
    s(C::Realign,     "realign",      "Realignment preview",                                            &[C::Lists],                           13),
    s(C::Restore,     "restore",      "Unsaved edits found",                                            &[],                                   0),
    s(C::OnDisk,      "on-disk",      "Changed on disk",                                                &[],                                   0),
    s(C::TextField,   "text-field",   "Text fields",                                                    &[],                                   0),
];

/// The declaration of `context` (every context has one: a test holds it).
fn scope(context: Context) -> &'static Scope {
    SCOPES
        .iter()
        .find(|s| s.context == context)
        .unwrap_or(&SCOPES[0])
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub context: Context,
    /// The action's name in the config file and `workplan keys` (kebab-case; one name
    /// per message, so a bare name reaches every context that has the action).
    pub action: &'static str,
    pub msg: Msg,
    /// Word for the key bar; empty keeps it out of the bar (still in help).
    pub hint: &'static str,
    pub help: &'static str,
}

const fn b(
    context: Context,
    action: &'static str,
    keys: &'static [Key],
    msg: Msg,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        context,
        action,
        msg,
        hint,
        help,
    }
}

/// Every binding, one a line: its context, its action's name, its default keys, the
/// message it sends, its word in the key bar and its line in the help. The key table,
/// the help overlay, `workplan keys`, the config's names and the key bar all read it.
#[rustfmt::skip]
static DECLARED: &[Binding] = &[
    //  context        action                 keys                                   message                       key bar                help
    // Moving through a list or a text, defined once: every context that has one shares
    // these (`contexts`).
    b(C::Lists,       "up",                   &[K::Up, K::Char('k')],                Msg::Up,                      "",                    "previous row (text: scroll up)"),
    b(C::Lists,       "down",                 &[K::Down, K::Char('j')],              Msg::Down,                    "",                    "next row (text: scroll down)"),
    b(C::Lists,       "page-up",              &[K::PageUp],                          Msg::PageUp,                  "",                    "a page up"),
    b(C::Lists,       "page-down",            &[K::PageDown],                        Msg::PageDown,                "",                    "a page down"),
    b(C::Lists,       "first",                &[K::Home, K::Char('g')],              Msg::Home,                    "",                    "first row (text: the top)"),
    b(C::Lists,       "last",                 &[K::End, K::Char('G')],               Msg::End,                     "",                    "last row (text: the end)"),
    // Meetings (selection and edits; the timeline shares them).
    b(C::Meetings,    "details",              &[K::Enter],                           Msg::Details,                 "details",             "show the meeting's details"),
    b(C::Meetings,    "move",                 &[K::Char('m')],                       Msg::MoveFixed,               "move",                "move the fixed topic to another meeting"),
    b(C::Meetings,    "postpone",             &[K::Char('p')],                       Msg::Postpone,                "postpone",            "postpone: this and every later fixed topic move one meeting later"),
    b(C::Meetings,    "pick-flexible",        &[K::Char('f')],                       Msg::PickFlexible,            "flexible",            "choose the flexible topic (picker)"),
    b(C::Meetings,    "clear-flexible",       &[K::Char('x'), K::Delete],            Msg::ClearFlexible,           "",                    "clear the flexible topic"),
    b(C::Meetings,    "edit",                 &[K::Char('e')],                       Msg::EditMeeting,             "edit",                "edit the meeting: dates, venue, status, note"),
    b(C::Meetings,    "add-meeting",          &[K::Char('a')],                       Msg::AddMeeting,              "",                    "add a meeting after the last one"),
    b(C::Meetings,    "remove-meeting",       &[K::Char('D')],                       Msg::RemoveMeeting,           "",                    "remove the meeting (planned ones only)"),
    // Timeline.
    b(C::Timeline,    "left",                 &[K::Left, K::Char('h')],              Msg::Left,                    "",                    "previous meeting"),
    b(C::Timeline,    "right",                &[K::Right, K::Char('l')],             Msg::Right,                   "",                    "next meeting"),
    b(C::Timeline,    "to-meetings",          &[K::Enter],                           Msg::ToMeetings,              "",                    "go to the meetings table"),
    b(C::Timeline,    "window-earlier",       &[K::Char('[')],                       Msg::WindowEarlier,           "window -1y",          "move the cluster's review window a year earlier"),
    b(C::Timeline,    "window-later",         &[K::Char(']')],                       Msg::WindowLater,             "window +1y",          "move the cluster's review window a year later"),
    b(C::Timeline,    "window-end-earlier",   &[K::Char('{')],                       Msg::WindowEndEarlier,        "",                    "end the review window a year earlier"),
    b(C::Timeline,    "window-end-later",     &[K::Char('}')],                       Msg::WindowEndLater,          "",                    "end the review window a year later"),
    // Findings.
    b(C::Findings,    "jump-to-finding",      &[K::Enter],                           Msg::JumpToFinding,           "jump",                "go to the finding's meeting"),
    // Everywhere outside dialogs.
    b(C::Global,      "next-pane",            &[K::Tab],                             Msg::NextPane,                "pane",                "next pane"),
    b(C::Global,      "previous-pane",        &[K::BackTab],                         Msg::PrevPane,                "",                    "previous pane"),
    b(C::Global,      "filter",               &[K::Char('/')],                       Msg::Filter,                  "filter",              "filter the meetings by text"),
    b(C::Global,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "",                    "clear the filter and the message"),
    b(C::Global,      "add-flexible",         &[K::Char('F')],                       Msg::AddFlexible,             "",                    "add an additional (Bureau-approved) flexible topic"),
    b(C::Global,      "undo",                 &[K::Char('u')],                       Msg::Undo,                    "undo",                "undo the last edit"),
    b(C::Global,      "redo",                 &[K::Ctrl('r'), K::Char('U')],         Msg::Redo,                    "redo",                "redo"),
    b(C::Global,      "save",                 &[K::Ctrl('s'), K::Char('w')],         Msg::Save,                    "save",                "save the plan"),
    b(C::Global,      "save-as",              &[K::Char('W')],                       Msg::SaveAs,                  "",                    "save the plan under another name"),
    b(C::Global,      "export",               &[K::Char('E')],                       Msg::Export,                  "export",              "export the plan (choose the format, then the file)"),
    b(C::Global,      "changes",              &[K::Char('d')],                       Msg::Diff,                    "changes",             "the amendment since the plan was opened"),
    b(C::Global,      "realign",              &[K::Char('R')],                       Msg::Realign,                 "realign",             "preview the optimal realignment, apply it as one edit"),
    b(C::Global,      "help",                 &[K::Char('?')],                       Msg::Help,                    "help",                "all keys"),
    b(C::Global,      "quit",                 &[K::Char('q'), K::Ctrl('c')],         Msg::Quit,                    "quit",                "quit (asks first if there are unsaved changes)"),
    // Moving a fixed topic.
    b(C::Moving,      "open",                 &[K::Enter],                           Msg::Open,                    "place here",          "put the topic on the selected meeting"),
    b(C::Moving,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "leave the topic where it was"),
    b(C::Conflict,    "swap",                 &[K::Char('w')],                       Msg::Swap,                    "swap",                "trade the two topics"),
    b(C::Conflict,    "shift",                &[K::Char('s')],                       Msg::Shift,                   "shift",               "take the slot; later topics move one meeting later"),
    b(C::Conflict,    "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "do nothing"),
    // Picker (on the text field; Delete clears, so Ctrl+D deletes forward).
    b(C::Picker,      "up",                   &[K::Up],                              Msg::Up,                      "",                    "previous topic"),
    b(C::Picker,      "down",                 &[K::Down],                            Msg::Down,                    "",                    "next topic"),
    b(C::Picker,      "open",                 &[K::Enter],                           Msg::Open,                    "assign",              "assign the topic to the meeting"),
    b(C::Picker,      "clear-flexible",       &[K::Delete],                          Msg::ClearFlexible,           "clear",               "clear the meeting's flexible topic"),
    b(C::Picker,      "delete-forward",       &[K::Ctrl('d')],                       Msg::Edit(E::DeleteNext),     "",                    "delete the character under the cursor"),
    b(C::Picker,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "close the picker"),
    // Text fields (on the text field).
    b(C::Prompt,      "open",                 &[K::Enter],                           Msg::Open,                    "ok",                  "accept"),
    // The text field every text-entry context stacks on.
    b(C::TextField,   "delete-back",          &[K::Backspace],                       Msg::Backspace,               "",                    "delete the character before the cursor"),
    b(C::TextField,   "char-left",            &[K::Left],                            Msg::Edit(E::CharLeft),       "",                    "cursor a character left"),
    b(C::TextField,   "char-right",           &[K::Right],                           Msg::Edit(E::CharRight),      "",                    "cursor a character right"),
    b(C::TextField,   "word-left",            &[K::Alt('b'), K::CtrlLeft],           Msg::Edit(E::WordLeft),       "",                    "cursor a word left"),
    b(C::TextField,   "word-right",           &[K::Alt('f'), K::CtrlRight],          Msg::Edit(E::WordRight),      "",                    "cursor a word right"),
    b(C::TextField,   "line-start",           &[K::Home, K::Ctrl('a')],              Msg::Edit(E::Start),          "",                    "cursor to the start"),
    b(C::TextField,   "line-end",             &[K::End, K::Ctrl('e')],               Msg::Edit(E::End),            "",                    "cursor to the end"),
    b(C::TextField,   "delete-forward",       &[K::Delete],                          Msg::Edit(E::DeleteNext),     "",                    "delete the character under the cursor"),
    b(C::TextField,   "delete-word",          &[K::Ctrl('w')],                       Msg::Edit(E::DeletePrevWord), "",                    "delete the word before the cursor"),
    b(C::TextField,   "delete-to-start",      &[K::Ctrl('u')],                       Msg::Edit(E::DeleteToStart),  "",                    "delete to the start"),
    b(C::TextField,   "delete-to-end",        &[K::Ctrl('k')],                       Msg::Edit(E::DeleteToEnd),    "",                    "delete to the end"),
    b(C::TextField,   "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "cancel"),
    // Edit menu.
    b(C::EditMenu,    "dates",                &[K::Char('d')],                       Msg::EditDates,               "dates",               "first and last day"),
    b(C::EditMenu,    "venue",                &[K::Char('v')],                       Msg::EditVenue,               "venue",               "venue"),
    b(C::EditMenu,    "status",               &[K::Char('s')],                       Msg::EditStatus,              "status",              "planned, postponed, cancelled, held"),
    b(C::EditMenu,    "note",                 &[K::Char('n')],                       Msg::EditNote,                "note",                "note"),
    b(C::EditMenu,    "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "close"),
    // Status choice.
    b(C::Choice,      "open",                 &[K::Enter],                           Msg::Open,                    "choose",              "choose"),
    b(C::Choice,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "cancel"),
    // Quit with unsaved changes.
    b(C::ConfirmQuit, "save-and-quit",        &[K::Char('s')],                       Msg::SaveAndQuit,             "save and quit",       "save, then quit"),
    b(C::ConfirmQuit, "discard",              &[K::Char('d')],                       Msg::Discard,                 "quit without saving", "drop the changes and quit"),
    b(C::ConfirmQuit, "cancel",               &[K::Esc],                             Msg::Cancel,                  "stay",                "go back to the plan"),
    // Help.
    b(C::Help,        "cancel",               &[K::Esc, K::Char('?'), K::Char('q')], Msg::Cancel,                  "close",               "close help"),
    // Restore.
    b(C::Restore,     "restore",              &[K::Char('r')],                       Msg::Restore,                 "restore",             "take the edits back (u undoes)"),
    b(C::Restore,     "drop",                 &[K::Char('d')],                       Msg::DiscardRecovery,         "drop",                "delete them"),
    b(C::Restore,     "cancel",               &[K::Esc],                             Msg::Cancel,                  "later",               "keep them for the next start"),
    // The plan's file changed on disk.
    b(C::OnDisk,      "reload",               &[K::Char('r')],                       Msg::Reload,                  "reload",              "reload the file, this session's edits merged onto it (u undoes)"),
    b(C::OnDisk,      "overwrite",            &[K::Char('o')],                       Msg::Overwrite,               "overwrite",           "save over the newer file, replacing its changes"),
    b(C::OnDisk,      "save-as",              &[K::Char('a'), K::Char('W')],         Msg::SaveAs,                  "save as",             "save the plan under another name"),
    b(C::OnDisk,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "back",                "back to the plan, nothing written"),
    // Export.
    b(C::Export,      "open",                 &[K::Enter],                           Msg::Open,                    "choose",              "choose the format, then the path"),
    b(C::Export,      "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "close"),
    // Diff.
    b(C::Diff,        "write-amendment",      &[K::Char('E')],                       Msg::WriteAmendment,          "write",               "write the amendment to a file (.md, .json, .docx or text)"),
    b(C::Diff,        "cancel",               &[K::Esc, K::Char('d'), K::Char('q')], Msg::Cancel,                  "close",               "close"),
    // Realign.
    b(C::Realign,     "toggle-order",         &[K::Char('o')],                       Msg::ToggleReorder,           "order kept/free",     "let topics change their order, or keep it"),
    b(C::Realign,     "toggle-second-meetings",&[K::Char('s')],                       Msg::ToggleSecondMeeting,     "second meetings",     "let a year that has one meeting get a second, or not"),
    b(C::Realign,     "open",                 &[K::Enter],                           Msg::Open,                    "apply",               "apply the proposal (one edit: u undoes it)"),
    b(C::Realign,     "cancel",               &[K::Esc],                             Msg::Cancel,                  "cancel",              "leave the plan as it is"),
];

/// The key table: `DECLARED` context by context in the order of [`SCOPES`], each
/// context that stacks on the text field with its bindings (the context's own binding of
/// an action in the field's place).
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    let declared = |c: Context| DECLARED.iter().filter(move |b| b.context == c);
    let mut table = Vec::with_capacity(DECLARED.len() * 2);
    for scope in listed() {
        let own: Vec<&Binding> = declared(scope.context).collect();
        if !scope.context.types_text() {
            table.extend(own.into_iter().cloned());
            continue;
        }
        let field: Vec<&Binding> = declared(C::TextField).collect();
        let in_field = |b: &&Binding| field.iter().any(|f| f.action == b.action);
        table.extend(own.iter().filter(|b| !in_field(b)).map(|&b| b.clone()));
        for f in &field {
            let mine = own.iter().find(|b| b.action == f.action).copied();
            table.push(Binding {
                context: scope.context,
                ..mine.unwrap_or(f).clone()
            });
        }
    }
    table
});

/// The contexts a key can be pressed in, in the order of [`SCOPES`] (all but the text
/// field, whose bindings live in the contexts that stack on it).
pub fn listed() -> impl Iterator<Item = &'static Scope> {
    SCOPES.iter().filter(|s| s.context != C::TextField)
}

/// The contexts whose bindings apply while `context` is open, most specific first.
pub fn stack(context: Context) -> Vec<Context> {
    std::iter::once(context)
        .chain(scope(context).under.iter().copied())
        .filter(|&c| c != C::TextField)
        .collect()
}

/// The contexts the help overlay lists, in its order.
pub fn help_order() -> Vec<Context> {
    let mut shown: Vec<&Scope> = listed().filter(|s| s.help > 0).collect();
    shown.sort_by_key(|s| s.help);
    shown.into_iter().map(|s| s.context).collect()
}

/// The context of what is open now: the focused pane, or the dialog.
fn open_context(app: &App) -> Context {
    match &app.mode {
        Mode::Normal => match app.focus {
            Pane::Timeline => C::Timeline,
            Pane::Meetings | Pane::Details => C::Meetings,
            Pane::Findings => C::Findings,
        },
        Mode::Filter { .. } | Mode::Prompt(_) => C::Prompt,
        Mode::Moving { .. } => C::Moving,
        Mode::Conflict { .. } => C::Conflict,
        Mode::Picker(_) => C::Picker,
        Mode::EditMenu { .. } => C::EditMenu,
        Mode::Choice { .. } => C::Choice,
        Mode::ConfirmQuit => C::ConfirmQuit,
        Mode::Help { .. } => C::Help,
        Mode::Export { .. } => C::Export,
        Mode::Diff { .. } => C::Diff,
        Mode::Realign(_) => C::Realign,
        Mode::Restore { .. } => C::Restore,
        Mode::ChangedOnDisk(_) => C::OnDisk,
    }
}

/// The contexts whose bindings apply now, most specific first.
pub fn contexts(app: &App) -> Vec<Context> {
    stack(open_context(app))
}

/// Whether unbound printable keys type into a field.
fn takes_text(app: &App) -> bool {
    open_context(app).types_text()
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

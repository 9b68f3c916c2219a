use super::*;
use crate::plan::{ClusterId, Meeting, MeetingNumber, Status, TopicId};
use proptest::prelude::*;

const FIREARMS: &str = include_str!("../../../plans/firearms.yaml");
const PROPOSAL: &str = include_str!("../../../plans/firearms-2022-proposal.yaml");
const EXAMPLE: &str = include_str!("../../../plans/example.yaml");

fn plan_of(text: &str) -> Plan {
    parse(text).unwrap().plan
}

fn meeting(plan: &mut Plan, number: u32) -> &mut Meeting {
    plan.meetings
        .iter_mut()
        .find(|m| m.number == MeetingNumber::new(number))
        .unwrap()
}

/// Lines only in `a` and lines only in `b`, by longest common subsequence.
fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(b[j].to_owned());
            j += 1;
        } else {
            removed.push(a[i].to_owned());
            i += 1;
        }
    }
    (removed, added)
}

/// Renders the edited plan over `original` and checks what every lossless save must
/// give: comments kept, the same plan read back, and exactly the expected line changes.
fn assert_edit(original: &str, plan: &Plan, removed: &[&str], added: &[&str]) -> String {
    let out = render(Some(original), plan).unwrap();
    assert!(out.comments_kept, "fell back to canonical form");
    assert_eq!(plan_of(&out.text), *plan);
    let (r, a) = line_diff(original, &out.text);
    assert_eq!((r, a), (lines(removed), lines(added)), "{}", out.text);
    for line in original.lines().filter(|l| l.contains('#')) {
        assert!(
            removed.contains(&line) || out.text.contains(line),
            "comment lost: {line}"
        );
    }
    out.text
}

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn unchanged_plan_is_written_back_byte_for_byte() {
    for text in [FIREARMS, PROPOSAL, EXAMPLE] {
        let out = render(Some(text), &plan_of(text)).unwrap();
        assert_eq!(out.text, text);
        assert!(out.comments_kept);
    }
}

/// The group of `topic` whose heading is `heading`.
fn group<'p>(plan: &'p mut Plan, topic: &str, heading: &str) -> &'p mut crate::plan::QuestionGroup {
    plan.fixed_topics
        .iter_mut()
        .find(|t| t.id.as_str() == topic)
        .unwrap()
        .questions
        .iter_mut()
        .find_map(|q| match q {
            crate::plan::Question::Group(g) if g.heading.as_deref() == Some(heading) => Some(g),
            _ => None,
        })
        .unwrap()
}

#[test]
fn a_meeting_edit_keeps_the_annex_byte_for_byte() {
    // Grouped questions, footnotes, article headings and the flexible cell's block text
    // are untouched lines: only the edited meeting's line differs.
    let mut plan = plan_of(PROPOSAL);
    meeting(&mut plan, 12).venue = Some("Vienna".into());
    meeting(&mut plan, 19).status = Status::Postponed;
    assert_edit(
        PROPOSAL,
        &plan,
        &["    status: planned"],
        &["    venue: Vienna", "    status: postponed"],
    );
    let mut plan = plan_of(FIREARMS);
    meeting(&mut plan, 19).note = Some("last".into());
    let text = assert_edit(FIREARMS, &plan, &[], &["    note: last"]);
    assert!(
        text.ends_with("extended Bureau\n    note: last\n"),
        "{text}"
    );
}

#[test]
fn annex_edits_change_their_own_lines_only() {
    let mut plan = plan_of(PROPOSAL);
    plan.footnotes.insert("3".into(), "Revised note.".into());
    plan.article_headings
        .insert(12, "Information exchange".into());
    group(&mut plan, "T2", "Article 5, paragraph 2")
        .issues
        .push("Preparatory acts[^2]".into());
    group(&mut plan, "T9", "Article 11, paragraph (b)").lead_in = Some("Measures:".into());
    plan.fixed_topics[3].introduction = Some("Under the topic, fewer words.".into());
    let removed = [
        "  12: \"Information\"                                        # [2022 proposal], annex, topic 4",
        "    introduction: \"Under the topic, the Working Group will explore the scope, interpretation and national implementation of article 12 and participants will exchange views on the following issues:\"",
        "        lead_in: \"National measures to increase the effectiveness of:\"",
    ];
    let original_note = PROPOSAL
        .lines()
        .find(|l| l.starts_with("  \"3\": "))
        .unwrap();
    let mut removed = removed.to_vec();
    removed.insert(3, original_note);
    let (r, a) = {
        let out = render(Some(PROPOSAL), &plan).unwrap();
        assert!(out.comments_kept, "fell back to canonical form");
        assert_eq!(plan_of(&out.text), plan);
        line_diff(PROPOSAL, &out.text)
    };
    assert_eq!(r, lines(&removed), "{a:#?}");
    assert_eq!(a.len(), 5, "{a:#?}");
    assert!(
        a[0].starts_with("  12: ")
            && a[0].contains("Information exchange")
            && a[0].contains("# [2022 proposal], annex, topic 4"),
        "{a:#?}"
    );
    assert!(
        a[1].trim_start().starts_with("- ") && a[1].contains("Preparatory acts[^2]"),
        "{a:#?}"
    );
}

#[test]
fn a_changed_flexible_text_stays_a_block_of_lines() {
    let mut plan = plan_of(PROPOSAL);
    meeting(&mut plan, 12).flexible_text = Some("One topic\nOr another".into());
    let text = assert_edit(
        PROPOSAL,
        &plan,
        &[
            "      One topic from the non-exclusive list of priority topics adopted by the Working Group on Firearms at its eighth meeting",
            "      Additional topic deemed of priority upon proposal to and approval by the extended Bureau",
        ],
        &["      One topic", "      Or another"],
    );
    assert!(
        text.contains("    fixed: T3\n    flexible_text: |-\n      One topic\n      Or another\n"),
        "{text}"
    );
}

#[test]
fn the_annex_reads_back_from_the_canonical_form() {
    for text in [FIREARMS, PROPOSAL, EXAMPLE] {
        let plan = plan_of(text);
        let out = render(None, &plan).unwrap();
        assert!(!out.comments_kept);
        assert_eq!(plan_of(&out.text), plan);
    }
    let mut plan = plan_of(PROPOSAL);
    group(&mut plan, "T1", "General").heading = None;
    plan.fixed_topics[0]
        .questions
        .push("A plain issue: with a colon, and [^ a bracket".into());
    let out = render(None, &plan).unwrap();
    assert_eq!(plan_of(&out.text), plan);
}

#[test]
fn changed_year_is_replaced_in_place() {
    let mut plan = plan_of(FIREARMS);
    meeting(&mut plan, 12).year = 2026;
    assert_edit(FIREARMS, &plan, &["    year: 2025"], &["    year: 2026"]);
}

#[test]
fn changed_fixed_topic_is_replaced_in_place() {
    let mut plan = plan_of(FIREARMS);
    meeting(&mut plan, 13).fixed = Some(TopicId::from("T5"));
    meeting(&mut plan, 14).fixed = Some(TopicId::from("T4"));
    assert_edit(
        FIREARMS,
        &plan,
        &["    fixed: T4", "    fixed: T5"],
        &["    fixed: T5", "    fixed: T4"],
    );
}

#[test]
fn assigned_flexible_topic_goes_after_the_fixed_one() {
    let mut plan = plan_of(FIREARMS);
    meeting(&mut plan, 12).flexible = Some(TopicId::from("F3"));
    let text = assert_edit(FIREARMS, &plan, &[], &["    flexible: F3"]);
    assert!(text.contains("    fixed: T3\n    flexible: F3\n"), "{text}");
}

#[test]
fn cleared_flexible_topic_removes_its_line() {
    let mut plan = plan_of(FIREARMS);
    meeting(&mut plan, 10).flexible = None;
    assert_edit(FIREARMS, &plan, &["    flexible: F12"], &[]);
}

#[test]
fn added_meeting_is_appended_like_its_neighbours() {
    let mut plan = plan_of(FIREARMS);
    let mut m = Meeting::planned(MeetingNumber::new(20), 2033);
    m.fixed = Some(TopicId::from("T10"));
    plan.meetings.push(m);
    let text = assert_edit(
        FIREARMS,
        &plan,
        &[],
        &[
            "",
            "  - number: 20",
            "    year: 2033",
            "    status: planned",
            "    fixed: T10",
        ],
    );
    assert!(text.ends_with("extended Bureau\n\n  - number: 20\n    year: 2033\n    status: planned\n    fixed: T10\n"), "{text}");
}

#[test]
fn removed_meeting_takes_its_item_and_blank_line() {
    let mut plan = plan_of(FIREARMS);
    plan.meetings.retain(|m| m.number != MeetingNumber::new(16));
    assert_edit(
        FIREARMS,
        &plan,
        &[
            "  - number: 16",
            "    year: 2029",
            "    status: planned",
            "    fixed: T7",
            "    flexible_text: |-",
            "      One topic from the non-exclusive list of priority topics adopted by the Working Group on Firearms at its eighth meeting",
            "      Additional topic deemed of priority upon proposal to and approval by the extended Bureau",
            "",
        ],
        &[],
    );
}

#[test]
fn shifted_cluster_window_keeps_flow_style_and_comments() {
    let mut plan = plan_of(FIREARMS);
    let c2 = plan
        .clusters
        .iter_mut()
        .find(|c| c.id == ClusterId::from("C2"))
        .unwrap();
    c2.review = c2.review.shifted(1);
    assert_edit(
        FIREARMS,
        &plan,
        &["    review: { start: 2027, end: 2030 }"],
        &["    review: { start: 2028, end: 2031 }"],
    );
}

#[test]
fn status_change_on_a_meeting_without_status_key() {
    let text =
        "version: 1\ntitle: T   # the title\nmeetings:\n  - number: 1   # first\n    year: 2020\n";
    let mut plan = plan_of(text);
    plan.meetings[0].status = Status::Postponed;
    assert_edit(text, &plan, &[], &["    status: postponed"]);
}

#[test]
fn bom_and_crlf_survive_an_edit() {
    let text = "\u{feff}# plan\r\nversion: 1\r\ntitle: T\r\nmeetings:\r\n  - number: 1\r\n    year: 2020 # y\r\n";
    let mut plan = plan_of(text);
    plan.meetings[0].year = 2021;
    let out = render(Some(text), &plan).unwrap();
    assert!(out.comments_kept);
    assert_eq!(
        out.text,
        "\u{feff}# plan\r\nversion: 1\r\ntitle: T\r\nmeetings:\r\n  - number: 1\r\n    year: 2021 # y\r\n"
    );
}

#[test]
fn no_original_gives_canonical_form() {
    let plan = plan_of(EXAMPLE);
    let out = render(None, &plan).unwrap();
    assert!(!out.comments_kept);
    assert_eq!(out.text, canonical::to_yaml(&plan).unwrap());
}

#[test]
fn unparseable_original_falls_back_to_canonical_form() {
    let plan = plan_of(EXAMPLE);
    let out = render(Some("version: [\n"), &plan).unwrap();
    assert!(!out.comments_kept);
    assert_eq!(plan_of(&out.text), plan);
}

#[test]
fn reordered_meetings_fall_back_to_canonical_form() {
    let mut plan = plan_of(FIREARMS);
    plan.meetings.swap(0, 1);
    let out = render(Some(FIREARMS), &plan).unwrap();
    assert!(!out.comments_kept);
    assert_eq!(plan_of(&out.text), plan);
}

#[derive(Clone, Debug)]
enum Edit {
    Year(usize, i32),
    Fixed(usize, Option<u8>),
    Flexible(usize, Option<u8>),
    Venue(usize, Option<String>),
    Note(usize, Option<String>),
    Status(usize, Status),
    Add(i32, Option<u8>),
    Remove(usize),
    Shift(usize, i32),
    Title(String),
    FlexibleText(usize, Option<String>),
    Footnote(String),
    Issue(usize, String),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let text = "[ -~]{0,20}";
    prop_oneof![
        (any::<usize>(), 2000i32..2050).prop_map(|(i, y)| Edit::Year(i, y)),
        (any::<usize>(), proptest::option::of(1u8..=10)).prop_map(|(i, t)| Edit::Fixed(i, t)),
        (any::<usize>(), proptest::option::of(1u8..=13)).prop_map(|(i, t)| Edit::Flexible(i, t)),
        (any::<usize>(), proptest::option::of(text)).prop_map(|(i, v)| Edit::Venue(i, v)),
        (any::<usize>(), proptest::option::of(text)).prop_map(|(i, v)| Edit::Note(i, v)),
        (
            any::<usize>(),
            proptest::sample::select(Status::ALL.to_vec())
        )
            .prop_map(|(i, s)| Edit::Status(i, s)),
        (2025i32..2040, proptest::option::of(1u8..=10)).prop_map(|(y, t)| Edit::Add(y, t)),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), -3i32..=3).prop_map(|(i, d)| Edit::Shift(i, d)),
        text.prop_map(Edit::Title),
        (
            any::<usize>(),
            proptest::option::of("[ -~]{0,12}(\\n[ -~]{0,12}){0,2}")
        )
            .prop_map(|(i, t)| Edit::FlexibleText(i, t)),
        text.prop_map(Edit::Footnote),
        (any::<usize>(), text).prop_map(|(i, t)| Edit::Issue(i, t)),
    ]
}

fn apply(plan: &mut Plan, edit: &Edit) {
    let n = plan.meetings.len().max(1);
    let meetings = &mut plan.meetings;
    match edit.clone() {
        Edit::Year(i, y) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.year = y;
            }
        }
        Edit::Fixed(i, t) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.fixed = t.map(|t| TopicId(format!("T{t}")));
            }
        }
        Edit::Flexible(i, t) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.flexible = t.map(|t| TopicId(format!("F{t}")));
            }
        }
        Edit::Venue(i, v) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.venue = v;
            }
        }
        Edit::Note(i, v) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.note = v;
            }
        }
        Edit::Status(i, s) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.status = s;
            }
        }
        Edit::Add(y, t) => {
            let last = meetings.iter().map(|m| m.number.get()).max().unwrap_or(0);
            let number = MeetingNumber::new(last + 1);
            let mut m = Meeting::planned(number, y);
            m.fixed = t.map(|t| TopicId(format!("T{t}")));
            meetings.push(m);
        }
        Edit::Remove(i) => {
            if !meetings.is_empty() {
                meetings.remove(i % n);
            }
        }
        Edit::Shift(i, d) => {
            let k = plan.clusters.len();
            if let Some(c) = plan.clusters.get_mut(i % k.max(1)) {
                c.review = c.review.shifted(d);
            }
        }
        Edit::Title(t) => plan.title = t,
        Edit::FlexibleText(i, t) => {
            if let Some(m) = meetings.get_mut(i % n) {
                m.flexible_text = t;
            }
        }
        Edit::Footnote(t) => {
            plan.footnotes.insert("3".into(), t);
        }
        Edit::Issue(i, t) => {
            let k = plan.fixed_topics.len().max(1);
            if let Some(crate::plan::Question::Group(g)) = plan
                .fixed_topics
                .get_mut(i % k)
                .and_then(|topic| topic.questions.last_mut())
            {
                g.issues.push(t);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_comments_and_read_back(edits in proptest::collection::vec(edit_strategy(), 1..6)) {
        let mut plan = plan_of(FIREARMS);
        for e in &edits {
            apply(&mut plan, e);
        }
        let out = render(Some(FIREARMS), &plan).unwrap();
        prop_assert_eq!(plan_of(&out.text), plan);
        prop_assert!(out.comments_kept, "fell back to canonical form for {:?}", edits);
    }
}

mod files {
    use super::*;

    #[test]
    fn save_writes_and_refuses_a_file_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        fs::write(&path, FIREARMS).unwrap();
        let seen = fingerprint(&path).unwrap();
        let mut plan = plan_of(FIREARMS);
        meeting(&mut plan, 12).year = 2026;
        let out = save(&path, Some(FIREARMS), Some(&seen), &plan).unwrap();
        assert!(out.comments_kept);
        assert_eq!(fs::read_to_string(&path).unwrap(), out.text);
        assert_eq!(out.fingerprint, fingerprint(&path).unwrap());

        fs::write(&path, "version: 1\ntitle: someone else's\n").unwrap();
        meeting(&mut plan, 13).year = 2027;
        let e = save(&path, Some(&out.text), Some(&out.fingerprint), &plan).unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e:?}");
        assert!(e.to_string().contains("changed on disk"), "{e}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "version: 1\ntitle: someone else's\n"
        );
    }

    #[test]
    fn deleted_file_counts_as_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        fs::write(&path, EXAMPLE).unwrap();
        let seen = fingerprint(&path).unwrap();
        fs::remove_file(&path).unwrap();
        let e = save(&path, Some(EXAMPLE), Some(&seen), &plan_of(EXAMPLE)).unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e:?}");
    }

    #[test]
    fn missing_folder_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/plan.yaml");
        let e = save(&path, None, None, &plan_of(EXAMPLE)).unwrap_err();
        assert!(matches!(e, SaveError::MissingFolder { .. }), "{e:?}");
        assert!(e.to_string().contains("does not exist"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_symlinks_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        fs::write(&real, EXAMPLE).unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink("real.yaml", &link).unwrap();
        let mut plan = plan_of(EXAMPLE);
        plan.title = "Renamed".into();
        save(&link, Some(EXAMPLE), None, &plan).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(plan_of(&fs::read_to_string(&real).unwrap()), plan);
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_permissions_not_the_temp_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let usual = dir.path().join("usual");
        fs::write(&usual, "x").unwrap();
        let new = dir.path().join("new.yaml");
        write_atomic(&new, b"version: 1\ntitle: T\n").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), mode(&usual));
    }

    #[cfg(unix)]
    #[test]
    fn read_only_folder_is_a_typed_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        fs::write(&path, EXAMPLE).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        // root ignores folder permissions; nothing to prove there.
        let writable = tempfile::tempfile_in(dir.path()).is_ok();
        let result = save(&path, Some(EXAMPLE), None, &plan_of(EXAMPLE));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        if writable {
            return;
        }
        let e = result.unwrap_err();
        assert!(matches!(e, SaveError::ReadOnlyFolder { .. }), "{e:?}");
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), EXAMPLE);
    }
}

#[test]
fn refused_temp_file_means_a_read_only_folder() {
    let (path, dir) = (Path::new("/p/plan.yaml"), Path::new("/p"));
    for kind in [
        io::ErrorKind::PermissionDenied,
        io::ErrorKind::ReadOnlyFilesystem,
    ] {
        let e = temp_file_error(path, dir, io::Error::from(kind));
        assert!(matches!(e, SaveError::ReadOnlyFolder { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            "/p/plan.yaml: cannot save, the folder /p is read-only or not writable by you; save to another path"
        );
    }
    let e = temp_file_error(path, dir, io::Error::from(io::ErrorKind::StorageFull));
    assert!(matches!(e, SaveError::Io { .. }), "{e:?}");
}

mod special_files {
    use super::*;
    use std::io::Read as _;
    use std::os::unix::fs::FileTypeExt as _;

    fn mkfifo(path: &Path) {
        rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
    }

    /// A private copy of a character device (`/dev/null` is 1,3, `/dev/full` 1,7), so
    /// no test can damage the real one; `None` where devices cannot be made (not root).
    fn char_device(dir: &Path, name: &str, minor: u32) -> Option<PathBuf> {
        let path = dir.join(name);
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::CharacterDevice,
            rustix::fs::Mode::from_raw_mode(0o666),
            rustix::fs::makedev(1, minor),
        )
        .ok()?;
        // A folder on a `nodev` mount holds the node but will not open it.
        fs::OpenOptions::new().write(true).open(&path).ok()?;
        Some(path)
    }

    fn is_char_device(path: &Path) -> bool {
        fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
    }

    #[test]
    fn a_character_device_is_written_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let Some(null) = char_device(dir.path(), "null", 3) else {
            eprintln!("skipped: cannot make a device node here");
            return;
        };
        write_atomic(&null, b"text").unwrap();
        assert!(is_char_device(&null), "the device became a plain file");
        let out = save(&null, Some(EXAMPLE), None, &plan_of(EXAMPLE)).unwrap();
        assert!(is_char_device(&null));
        // Saving again in place: a device has no content to have changed.
        save(
            &null,
            Some(&out.text),
            Some(&out.fingerprint),
            &plan_of(EXAMPLE),
        )
        .unwrap();
        // Through a link too (`/dev/stdout` is one).
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&null, &link).unwrap();
        write_atomic(&link, b"text").unwrap();
        assert!(is_char_device(&null));
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn a_full_device_reports_the_full_disk_once_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let Some(full) = char_device(dir.path(), "full", 7) else {
            eprintln!("skipped: cannot make a device node here");
            return;
        };
        let e = write_atomic(&full, b"text").unwrap_err();
        assert!(is_char_device(&full));
        let text = format!("{:#}", anyhow::Error::from(e));
        assert_eq!(text.matches("disk is full").count(), 1, "{text}");
        assert!(!text.contains("os error"), "{text}");
    }

    #[test]
    fn a_full_disk_during_an_atomic_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        fs::write(&path, EXAMPLE).unwrap();
        let full = |_: &mut fs::File, _: &[u8]| Err(io::Error::from_raw_os_error(28));
        let e = replace_file(&path, &path, b"new", || Ok(()), full).unwrap_err();
        let text = format!("{:#}", anyhow::Error::from(e));
        assert_eq!(
            text,
            format!(
                "{}: cannot save: the disk is full (no space left on the device); the file on disk is unchanged",
                path.display()
            )
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), EXAMPLE);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_named_pipe_is_written_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        mkfifo(&fifo);
        // Without a reader the planner's kind of write refuses at once.
        let e = write_file(&fifo, b"text", Pipes::RefuseWithoutReader).unwrap_err();
        assert!(matches!(e, SaveError::NoReader { .. }), "{e:?}");
        assert!(e.to_string().contains("no program is reading"), "{e}");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                fs::File::open(&fifo)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
        };
        // The command line's kind waits for the reader, as `echo text > pipe` does.
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_socket_or_a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let e = write_atomic(&socket, b"text").unwrap_err();
        assert!(e.to_string().contains("it is a socket"), "{e}");
        let e = save(&socket, None, None, &plan_of(EXAMPLE)).unwrap_err();
        assert!(e.to_string().contains("it is a socket"), "{e}");
        assert!(fs::metadata(&socket).unwrap().file_type().is_socket());
        let e = write_atomic(dir.path(), b"text").unwrap_err();
        assert!(e.to_string().contains("it is a folder"), "{e}");
    }

    #[test]
    fn a_save_removes_the_leftovers_of_killed_saves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        fs::write(&path, EXAMPLE).unwrap();
        let stale = dir.path().join(".plan.yaml.wp-k1LLed.tmp");
        let foreign = dir.path().join(".plan.yaml.backup.tmp");
        fs::write(&stale, "half a plan").unwrap();
        fs::write(&foreign, "notes").unwrap();
        save(&path, Some(EXAMPLE), None, &plan_of(EXAMPLE)).unwrap();
        assert!(!stale.exists());
        assert!(foreign.exists());
    }

    #[test]
    fn the_fingerprint_of_a_huge_or_endless_file_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse.yaml");
        fs::File::create(&path).unwrap().set_len(3 << 30).unwrap();
        assert!(fingerprint(&path).is_err());
        assert!(fingerprint(Path::new("/dev/zero")).is_err());
    }
}

use super::{Edit, EditError, Patch, prepare_indexed};
use crate::plan::index::Change;
use crate::plan::{Plan, PlanIndex};

/// Undo and redo without limit: each step keeps only the patch that reverts it.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Steps done since the plan was opened or last saved; `None` once the saved state
    /// can no longer be reached by undo/redo.
    saved_at: Option<usize>,
    /// What the steps applied since [`History::take_changes`] did to the plan.
    changes: Vec<Change>,
}

#[derive(Debug)]
struct Step {
    label: String,
    patch: Patch,
}

impl History {
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at: Some(0),
            changes: Vec::new(),
        }
    }

    /// Applies `edit`; on success it can be undone. A refused edit changes nothing.
    pub fn apply(&mut self, plan: &mut Plan, edit: &Edit) -> Result<(), EditError> {
        self.apply_as(plan, edit, edit.describe())
    }

    /// As [`History::apply`], with the words undo and redo will use for it
    /// ("realignment" rather than the edit's own "replace the plan").
    pub fn apply_as(
        &mut self,
        plan: &mut Plan,
        edit: &Edit,
        label: String,
    ) -> Result<(), EditError> {
        let index = PlanIndex::new(plan);
        self.apply_indexed_as(plan, &index, edit, label)
    }

    /// As [`History::apply_as`], with the plan's index as it was when the changes were
    /// last taken ([`History::take_changes`]; the planner brings its index up to date
    /// then), so that the edit need not walk the plan. Should steps have been applied
    /// since, that index no longer describes the plan, and a fresh one is built.
    pub fn apply_indexed_as(
        &mut self,
        plan: &mut Plan,
        index: &PlanIndex,
        edit: &Edit,
        label: String,
    ) -> Result<(), EditError> {
        let fresh;
        let index = if self.changes.is_empty() {
            index
        } else {
            fresh = PlanIndex::new(plan);
            &fresh
        };
        let patch = prepare_indexed(plan, index, edit)?.apply_noting(plan, &mut self.changes);
        if patch.is_empty() {
            return Ok(());
        }
        if let Some(s) = self.saved_at
            && s > self.undo.len()
        {
            // The saved state was in the redo branch that this edit discards.
            self.saved_at = None;
        }
        self.redo.clear();
        self.undo.push(Step { label, patch });
        Ok(())
    }

    /// Undoes the last edit; returns what it was.
    pub fn undo(&mut self, plan: &mut Plan) -> Option<String> {
        let step = self.undo.pop()?;
        let redo = step.patch.apply_noting(plan, &mut self.changes);
        self.redo.push(Step {
            label: step.label.clone(),
            patch: redo,
        });
        Some(step.label)
    }

    pub fn redo(&mut self, plan: &mut Plan) -> Option<String> {
        let step = self.redo.pop()?;
        let undo = step.patch.apply_noting(plan, &mut self.changes);
        self.undo.push(Step {
            label: step.label.clone(),
            patch: undo,
        });
        Some(step.label)
    }

    /// What the edits, undos and redos since the last [`History::take_changes`] did to
    /// the plan, without taking it.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// What the edits, undos and redos since the last call did to the plan, for the
    /// planner to bring its index and findings up to date.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether the plan differs from the one last saved (or opened).
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.undo.len());
    }

    /// The file now holds a version no step of the history reaches (another program
    /// wrote it, and the planner reloaded it): every state differs from it.
    pub fn forget_saved(&mut self) {
        self.saved_at = None;
    }
}

//! The runtime API through which researchers, clinics and auditors follow training tasks.
//! Each call is answered by a function of the same name on [`Pallet`](crate::Pallet), so the
//! runtime's implementation is one line per call.

use crate::types::{
	GlobalModelView, Hash32, ModelVersion, RoundNumber, RoundReplay, RoundView, TaskId, TaskParams,
	TaskStatus, TaskView,
};
use alloc::vec::Vec;
use fl_core::{AggregationRule, ModelSpec};

sp_api::decl_runtime_apis! {
	/// Questions about training tasks, their rounds and their models.
	pub trait FederatedLearningApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A task: researcher, decoded model spec and its id, purpose, participants, schedule,
		/// rule, status, progress, and the `rho` one round costs a dataset. `None` if no task
		/// has this id.
		fn task(task: TaskId) -> Option<TaskView<AccountId, BlockNumber>>;

		/// The id and status of at most `TASKS_PAGE` (100) tasks from task `from` on, in
		/// creation order.
		fn tasks(from: TaskId) -> Vec<(TaskId, TaskStatus)>;

		/// The algorithm hash a researcher requests access for, and a clinic grants, to run a
		/// task of `spec`, `params` and `rule` (see `task_algorithm`).
		fn task_algorithm(spec: ModelSpec, params: TaskParams<BlockNumber>, rule: AggregationRule) -> Hash32;

		/// A round's state: phase at this block, deadlines, the consent cut-off time, every
		/// commitment (sample count, cohort hash, score histogram) with its clinic and state,
		/// the federated AUC of the summed histograms, who has not committed, who committed
		/// but did not reveal, and the outcome with the model hash. `round: None` asks for the
		/// open (or last) round.
		fn round(task: TaskId, round: Option<RoundNumber>) -> Option<RoundView<AccountId, BlockNumber>>;

		/// A task's global model in Q15.16 with its version, round and hash; the current one
		/// for `version: None`. `None` if the task or the version is not (or no longer) in
		/// state.
		fn global_model(task: TaskId, version: Option<ModelVersion>) -> Option<GlobalModelView>;

		/// Recomputes every retained aggregated round of a task from the starting model and
		/// the revealed updates in state, and checks each stored model hash. `None` if no task
		/// has this id.
		fn replay(task: TaskId) -> Option<Vec<RoundReplay>>;
	}
}

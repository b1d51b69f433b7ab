//! Securely aggregated rounds (rule [`AggregationRule::SecureFedAvg`](fl_core::AggregationRule::SecureFedAvg)): the clinics publish
//! masked weighted updates whose masks cancel in the sum, and the runtime learns the sum of
//! a round's updates and never one of them.
//!
//! ## The round
//!
//! The maths is `fl_core::secure_aggregation` (SecAgg, Bonawitz et al., CCS 2017); this
//! module stores what goes on chain and keeps the phases in order. A round has five phases,
//! each of which ends early when everyone it waits for is done ([`SecureRound`] holds the
//! schedule):
//!
//! 1. **Keys** (a commit window): each clinic publishes its round's X25519 mask and transport
//!    keys ([`Pallet::publish_mask_keys`]) and becomes the round's next participant index.
//! 2. **Shares** (a commit window): each participant deals Shamir shares of its mask key
//!    secret and of its self-mask seed to every participant, encrypted to each, with
//!    commitments ([`Pallet::deal_mask_shares`]; threshold [`unmasking_threshold`], a strict
//!    majority). A participant that does not deal stops the round: no commitment is taken
//!    ([`Error::DealingIncomplete`]) and it fails with [`RoundFailure::SharesNotDealt`].
//! 3. **Commit** (a commit window): as in the clear, but the commitment binds the *masked*
//!    weighted update ([`masked_commitment_hash`]).
//! 4. **Masked reveal** (a reveal window): each committed clinic reveals its masked weighted
//!    update and salt ([`Pallet::reveal_masked_update`]); the dataset's budget is charged as for
//!    a clear reveal (one Gaussian step of the sum under distributed noise, see below). The
//!    clinics whose masked update arrived are the round's *survivors*; the other
//!    participants dropped out.
//! 5. **Unmasking** (a reveal window): every participant still online reveals one share per
//!    participant: of a survivor's self-mask, of a dropped clinic's mask key, never both of
//!    one clinic ([`Pallet::reveal_unmasking_shares`]); each is checked against its dealer's
//!    commitment ([`Error::ShareMismatch`]). When every survivor has revealed (in the dispatch
//!    of the last one's shares), or the window ends (at the next block's start), the round
//!    closes: with the threshold of shares for every secret, the runtime
//!    rebuilds the survivors' self-masks and the dropped clinics' mask keys, removes every mask
//!    from the wrapping sum of the masked updates, and stores FedAvg of the sum
//!    (`fl_core::secure_aggregation::fedavg_from_weighted_sum`), bit for bit the model FedAvg
//!    gives on the cleartext updates. Too few survivors or shares fail the round
//!    ([`RoundFailure::Unmasking`]), as a missed quorum does.
//!
//! ## What it protects, and against whom
//!
//! Against honest-but-curious nodes, members and clinics, who follow the protocol and read
//! every block and all of state: no clinic's update is ever on chain or in state in the
//! clear, not while the round runs and not after; only the sum of the survivors' updates is
//! (and it is public anyway, as the next model). A dropped clinic's update is never opened:
//! only its mask key is rebuilt, never its self-mask. A clinic whose grant ended before the
//! close keeps its update hidden too: its masked update cannot be taken out of the sum, so
//! the round fails instead. What it does not protect against: a coalition of a strict
//! majority of a round's participants can pool their shares and open any one clinic's update
//! (the threshold is the largest minority it tolerates); a clinic can poison the sum (its
//! update's norm cannot be checked under the mask; the robust rules, median and trimmed mean,
//! need the updates in the clear and run only without secure aggregation); sample counts stay
//! public. The clinic's secrets (its round seed) live in its node's own files and never pass
//! through an RPC method, a log line or an event.
//!
//! ## Privacy
//!
//! Two ways of adding the DP noise, chosen in the spec (`privacy.noise`):
//!
//! - **Local** (`DpNoise::Local`): each clinic's update is DP-SGD noised and clipped at the
//!   clinic as in the clear, so the sum carries every clinic's full noise and each dataset is
//!   charged the same `rho` per round as a clear reveal: secure aggregation adds
//!   confidentiality on top of the same guarantee.
//! - **Distributed** (`DpNoise::Distributed`, this rule only): a round is one full-batch step
//!   per clinic; each clinic's node adds to its *weighted* update a discrete Gaussian share of
//!   standard deviation `σ·Δ/√t` (`t` the round's unmasking threshold, `Δ` the sensitivity of a
//!   weighted update to one row), so the unmasked sum of at least `t` survivors carries noise of
//!   at least `σΔ`: one central DP-SGD step on the pooled rows. Each dataset is charged one
//!   Gaussian step, `1/(2σ²)`, whatever its rows: less noise per clinic and less `rho` for the
//!   same guarantee against everyone who reads the chain. It assumes the other survivors add
//!   their shares: a clinic colluding with `k` others can strip their noise from the sum, leaving
//!   at least `(t − k)/t` of the variance charged for. The math and its sources are in
//!   `fl_core::dp`. `createTask` refuses distributed noise in the clear
//!   ([`Error::DistributedNoiseNeedsSecureAggregation`]), with more than one step per round
//!   ([`Error::DistributedNoiseNeedsOneStep`]) and with shares too small to sum to the charged
//!   distribution ([`Error::DistributedNoiseTooSmall`]).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use fl_core::secure_aggregation::{
	self as secagg, MaskContext, MaskedInput, ParticipantKeys, RevealedShares, SecAggError,
	SecretKind, Share,
};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use ivf_primitives::data_access::DatasetId;
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// See [`Pallet::publish_mask_keys`].
	pub(crate) fn do_publish_mask_keys(
		clinic: T::AccountId,
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		keys: ParticipantKeys,
	) -> DispatchResult {
		let (record, mut secure) = Self::secure_submission(task, round, dataset, &clinic)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < secure.shares_from, Error::<T>::KeysPhaseOver);
		ensure!(secure.index_of(dataset).is_none(), Error::<T>::MaskKeysAlreadyPublished);
		ensure!(
			secagg::check_public_key(&keys.mask) && secagg::check_public_key(&keys.transport),
			Error::<T>::WeakMaskKey
		);
		ensure!(
			keys.mask != keys.transport
				&& !secure.participants.iter().any(|(_, other)| {
					[other.mask, other.transport]
						.iter()
						.any(|k| *k == keys.mask || *k == keys.transport)
				}),
			Error::<T>::DuplicateMaskKey
		);
		Self::ensure_grant_live(&record, dataset)?;
		let index = secure.participants.len() as u32;
		// Cannot fail: one entry per participant of the task, at most `MaxParticipants`.
		secure
			.participants
			.try_push((dataset, keys))
			.map_err(|_| Error::<T>::MaskKeysAlreadyPublished)?;
		let everyone = secure.participants.len() >= record.active_participants();
		let opened = Self::open_early(&mut secure.shares_from, now, everyone);
		SecureRounds::<T>::insert(task, round, secure);
		Self::deposit_event(Event::MaskKeysPublished { task, round, dataset, index, keys });
		Self::announce_opened(task, round, RoundPhase::Shares, opened);
		Ok(())
	}

	/// Opens a secure round's next phase, which starts at `phase_from`, at the next block
	/// once `everyone` is done with the current one, if that is earlier. The block it opens
	/// at, if it moved.
	fn open_early(
		phase_from: &mut BlockNumberFor<T>,
		now: BlockNumberFor<T>,
		everyone: bool,
	) -> Option<BlockNumberFor<T>> {
		let next = now.saturating_add(One::one());
		(everyone && next < *phase_from).then(|| {
			*phase_from = next;
			next
		})
	}

	/// Emits [`Event::SecurePhaseOpened`] for `phase` if it `opened` early, at that block.
	fn announce_opened(
		task: TaskId,
		round: RoundNumber,
		phase: RoundPhase,
		opened: Option<BlockNumberFor<T>>,
	) {
		if let Some(from) = opened {
			Self::deposit_event(Event::SecurePhaseOpened { task, round, phase, from });
		}
	}

	/// See [`Pallet::deal_mask_shares`].
	pub(crate) fn do_deal_mask_shares(
		clinic: T::AccountId,
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		shares: DealtSharesOf<T>,
	) -> DispatchResult {
		let (record, mut secure) = Self::secure_submission(task, round, dataset, &clinic)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= secure.shares_from, Error::<T>::SharesPhaseNotStarted);
		ensure!(now < secure.commit_from, Error::<T>::SharesPhaseOver);
		ensure!(secure.index_of(dataset).is_some(), Error::<T>::NoMaskKeys);
		ensure!(!secure.dealt.contains(&dataset), Error::<T>::SharesAlreadyDealt);
		ensure!(
			shares.len() == secure.participants.len()
				&& shares.iter().enumerate().all(|(i, s)| s.recipient == i as u32),
			Error::<T>::WrongShareCount
		);
		Self::ensure_grant_live(&record, dataset)?;
		// Cannot fail: only participants deal, once each.
		secure.dealt.try_push(dataset).map_err(|_| Error::<T>::SharesAlreadyDealt)?;
		let everyone = secure.dealt.len() == secure.participants.len();
		let opened = Self::open_early(&mut secure.commit_from, now, everyone);
		DealtShares::<T>::insert((task, round, dataset), shares);
		SecureRounds::<T>::insert(task, round, secure);
		Self::deposit_event(Event::MaskSharesDealt { task, round, dataset });
		Self::announce_opened(task, round, RoundPhase::Commit, opened);
		Ok(())
	}

	/// The checks a commitment to a securely aggregated round adds to those in the clear: the
	/// commit phase has begun, every participant has dealt (this one included), and the sample
	/// count keeps the sum of weighted updates exact. Returns the round's secure record, or
	/// `None` for a task in the clear.
	pub(crate) fn secure_commit_check(
		task: &TaskOf<T>,
		task_id: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		samples: u32,
		now: BlockNumberFor<T>,
	) -> Result<Option<SecureRoundOf<T>>, DispatchError> {
		if !task.rule.is_secure() {
			return Ok(None);
		}
		let secure = SecureRounds::<T>::get(task_id, round).ok_or(Error::<T>::WrongRound)?;
		ensure!(now >= secure.commit_from, Error::<T>::CommitPhaseNotStarted);
		ensure!(secure.index_of(dataset).is_some(), Error::<T>::NoMaskKeys);
		ensure!(
			secure.participants.len() >= 2 && secure.dealt.len() == secure.participants.len(),
			Error::<T>::DealingIncomplete
		);
		ensure!(samples as u64 <= secagg::MAX_SAMPLES_PER_UPDATE, Error::<T>::TooManySamples);
		Ok(Some(secure))
	}

	/// See [`Pallet::reveal_masked_update`].
	pub(crate) fn do_reveal_masked_update(
		clinic: T::AccountId,
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		masked: MaskedUpdateOf<T>,
		salt: Hash32,
	) -> DispatchResult {
		let (record, mut secure) = Self::secure_submission(task, round, dataset, &clinic)?;
		let context = Self::commitment_context(task, round, dataset, &clinic);
		let opened = (masked.len(), |c: &_| masked_commitment_hash(c, &masked, &salt));
		let (mut state, now) =
			Self::round_to_reveal(&context, |_| secure.unmask_from, &record, opened)?;
		let spec = record.model_spec().ok_or(Error::<T>::InvalidSpec)?;
		let rho = Self::charge_reveal(&record, &spec, &mut state, dataset)?;
		let everyone = state.revealed_count() == state.contributions.len() as u32;
		let opened = Self::open_early(&mut secure.unmask_from, now, everyone);
		Self::refresh_secure_entry(task, &state, &secure);
		Rounds::<T>::insert(task, round, state);
		SecureRounds::<T>::insert(task, round, secure);
		MaskedUpdates::<T>::insert((task, round, dataset), masked);
		Self::deposit_event(Event::MaskedUpdateRevealed { task, round, dataset, rho_charged: rho });
		Self::announce_opened(task, round, RoundPhase::Unmask, opened);
		Ok(())
	}

	/// See [`Pallet::reveal_unmasking_shares`].
	pub(crate) fn do_reveal_unmasking_shares(
		clinic: T::AccountId,
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		shares: UnmaskingSharesOf<T>,
	) -> DispatchResultWithPostInfo {
		let (record, mut secure) = Self::secure_submission(task, round, dataset, &clinic)?;
		let state = Rounds::<T>::get(task, round).ok_or(Error::<T>::WrongRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= secure.unmask_from, Error::<T>::UnmaskPhaseNotStarted);
		ensure!(now < state.close_at, Error::<T>::RevealPhaseOver);
		let holder = secure.index_of(dataset).ok_or(Error::<T>::NoMaskKeys)?;
		ensure!(!secure.unmasked_by.contains(&dataset), Error::<T>::UnmaskingSharesAlreadyRevealed);
		ensure!(shares.len() == secure.participants.len(), Error::<T>::WrongShareCount);
		let context = mask_context(task, round, record.parameter_count);
		for (dealer, ((dealer_dataset, _), share)) in
			secure.participants.iter().zip(shares.iter()).enumerate()
		{
			let kind = if Self::survived(&state, *dealer_dataset) {
				SecretKind::SelfMask
			} else {
				SecretKind::MaskKey
			};
			let dealt = DealtShares::<T>::get((task, round, *dealer_dataset))
				.and_then(|dealt| dealt.get(holder as usize).copied())
				.ok_or(Error::<T>::DealingIncomplete)?;
			let commitment = match kind {
				SecretKind::SelfMask => dealt.self_mask.commitment,
				SecretKind::MaskKey => dealt.mask_key.commitment,
			};
			secagg::check_share(&context, dealer as u32, holder, kind, share, &commitment)
				.map_err(|_| Error::<T>::ShareMismatch)?;
		}
		// Cannot fail: only participants reveal, once each.
		secure
			.unmasked_by
			.try_push(dataset)
			.map_err(|_| Error::<T>::UnmaskingSharesAlreadyRevealed)?;
		let last = Self::refresh_secure_entry(task, &state, &secure);
		let participants = secure.participants.len() as u32;
		UnmaskingShares::<T>::insert((task, round, dataset), shares);
		SecureRounds::<T>::insert(task, round, secure);
		Self::deposit_event(Event::UnmaskingSharesRevealed { task, round, dataset });
		// The last survivor's shares close the round at once (unmasking, aggregating and
		// opening the next), instead of the next block's `on_initialize`: a round takes one
		// block less. Its weight pays for the close; every other reveal is refunded that part.
		let mut used = <T::WeightInfo as crate::WeightInfo>::reveal_unmasking_shares(participants);
		if last {
			used.saturating_accrue(Self::close_round(task, round, now));
		}
		Ok(Some(used).into())
	}

	/// The checks every secure-aggregation call starts with: the task runs, `round` is its
	/// open round, it lists `dataset`, `who` is the dataset's clinic, and the task aggregates
	/// securely. Returns the task and the round's secure record.
	fn secure_submission(
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		who: &T::AccountId,
	) -> Result<(TaskOf<T>, SecureRoundOf<T>), DispatchError> {
		let record = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		Self::ensure_submitter(&record, round, dataset, who)?;
		ensure!(record.rule.is_secure(), Error::<T>::NotSecureTask);
		let secure = SecureRounds::<T>::get(task, round).ok_or(Error::<T>::WrongRound)?;
		Ok((record, secure))
	}

	/// Whether `dataset`'s masked update arrived in `state`'s round: a survivor.
	fn survived(state: &RoundOf<T>, dataset: DatasetId) -> bool {
		state
			.contributions
			.iter()
			.any(|c| c.dataset == dataset && c.state == ContributionState::Revealed)
	}

	/// Sets the [`OpenRounds`] entry of a securely aggregated round: it may close early from
	/// `unmask_from`, once every survivor has revealed its shares for unmasking.
	/// Returns whether every survivor has revealed its unmasking shares (the round is then
	/// due).
	pub(crate) fn refresh_secure_entry(
		task: TaskId,
		state: &RoundOf<T>,
		secure: &SecureRoundOf<T>,
	) -> bool {
		let survivors: Vec<DatasetId> = state
			.contributions
			.iter()
			.filter(|c| c.state == ContributionState::Revealed)
			.map(|c| c.dataset)
			.collect();
		let unmasked = survivors.iter().filter(|d| secure.unmasked_by.contains(d)).count();
		Self::update_open_round(task, |entry| {
			entry.reveal_from = secure.unmask_from;
			entry.close_at = state.close_at;
			entry.committed = survivors.len() as u32;
			entry.revealed = unmasked as u32;
		});
		!survivors.is_empty() && unmasked == survivors.len()
	}

	/// The phase of an open securely aggregated round at block `now`.
	pub(crate) fn secure_phase_at(
		record: &RoundOf<T>,
		secure: &SecureRoundOf<T>,
		now: BlockNumberFor<T>,
	) -> RoundPhase {
		let survivors_done = record
			.contributions
			.iter()
			.filter(|c| c.state == ContributionState::Revealed)
			.all(|c| secure.unmasked_by.contains(&c.dataset));
		if now < secure.shares_from {
			RoundPhase::Keys
		} else if now < secure.commit_from {
			RoundPhase::Shares
		} else if now < record.reveal_from {
			RoundPhase::Commit
		} else if now < secure.unmask_from {
			RoundPhase::Reveal
		} else if now < record.close_at && !survivors_done {
			RoundPhase::Unmask
		} else {
			RoundPhase::Closing
		}
	}

	/// FedAvg onto `global` of the sum of the masked updates of `contributors` (`(dataset,
	/// samples)`), unmasked with the shares in state: what closing the round computes, and
	/// what [`Pallet::replay`] recomputes.
	pub(crate) fn unmask_from_state(
		task_id: TaskId,
		round: RoundNumber,
		task: &TaskOf<T>,
		global: &[i32],
		contributors: &[(DatasetId, u32)],
	) -> Result<ParametersOf<T>, RoundFailure> {
		let secure = SecureRounds::<T>::get(task_id, round)
			.ok_or(RoundFailure::Unmasking(SecAggError::TooFewParticipants))?;
		let participants = secure.participants.len() as u32;
		if (secure.dealt.len() as u32) < participants {
			return Err(RoundFailure::SharesNotDealt {
				participants,
				dealt: secure.dealt.len() as u32,
			});
		}
		let masked: Vec<(u32, MaskedUpdateOf<T>)> = contributors
			.iter()
			.filter_map(|(dataset, _)| {
				Some((
					secure.index_of(*dataset)?,
					MaskedUpdates::<T>::get((task_id, round, *dataset))?,
				))
			})
			.collect();
		let revealed: Vec<(u32, UnmaskingSharesOf<T>)> = secure
			.unmasked_by
			.iter()
			.filter_map(|dataset| {
				Some((
					secure.index_of(*dataset)?,
					UnmaskingShares::<T>::get((task_id, round, *dataset))?,
				))
			})
			.collect();
		let masked: Vec<(u32, &[u64])> = masked.iter().map(|(i, m)| (*i, &m[..])).collect();
		let revealed: Vec<&[Share]> = revealed.iter().map(|(_, s)| &s[..]).collect();
		let context = mask_context(task_id, round, task.parameter_count);
		let sum =
			unmask_weighted_sum(&context, &secure.keys(), &masked, &revealed, secure.threshold())
				.map_err(RoundFailure::Unmasking)?;
		let total: u64 = contributors.iter().map(|(_, samples)| *samples as u64).sum();
		secagg::fedavg_from_weighted_sum(global, &sum, total)
			.map_err(RoundFailure::Aggregation)?
			.try_into()
			.map_err(|_| RoundFailure::Aggregation(fl_core::AggregationError::TooManyParameters))
	}

	/// Drops what a securely aggregated round `old` of `task` kept, once it falls out of the
	/// retained window: its schedule, shares and masked updates. The round's record (with
	/// the model hash) stays; the blocks keep the extrinsics.
	pub(crate) fn prune_secure_round(task_id: TaskId, old: RoundNumber, task: &TaskOf<T>) {
		SecureRounds::<T>::remove(task_id, old);
		for participant in task.participants.iter() {
			let key = (task_id, old, participant.dataset);
			DealtShares::<T>::remove(key);
			MaskedUpdates::<T>::remove(key);
			UnmaskingShares::<T>::remove(key);
		}
	}
}

/// The sum of the survivors' weighted updates (wrapping `u64` words, each read as `i64`) of a
/// securely aggregated round: `masked` are the survivors' `(participant index, masked
/// update)`, `revealed` every holder's unmasking shares (one per participant, in participant
/// order, each already checked against its commitment). Pure, so that closing, the runtime's
/// replay and `ivf-node fl-replay` compute it from the same data the same way.
///
/// Errors: those of `fl_core::secure_aggregation::unmask_sum` (too few survivors or shares,
/// a secret of the wrong kind, a rebuilt key that is not the published one).
pub fn unmask_weighted_sum(
	context: &MaskContext,
	participants: &[ParticipantKeys],
	masked: &[(u32, &[u64])],
	revealed: &[&[Share]],
	threshold: u32,
) -> Result<Vec<u64>, SecAggError> {
	let n = participants.len();
	let mut per_dealer: Vec<Vec<Share>> = alloc::vec![Vec::new(); n];
	for shares in revealed {
		for (slot, share) in per_dealer.iter_mut().zip(shares.iter()) {
			slot.push(*share);
		}
	}
	let secrets: Vec<RevealedShares<'_>> = per_dealer
		.iter()
		.enumerate()
		.map(|(dealer, shares)| RevealedShares {
			dealer: dealer as u32,
			kind: if masked.iter().any(|(index, _)| *index as usize == dealer) {
				SecretKind::SelfMask
			} else {
				SecretKind::MaskKey
			},
			shares,
		})
		.collect();
	let inputs: Vec<MaskedInput<'_>> = masked
		.iter()
		.map(|(index, masked)| MaskedInput { index: *index, masked })
		.collect();
	secagg::unmask_sum(context, participants, &inputs, &secrets, threshold as usize)
}

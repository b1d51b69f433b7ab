//! A secure-aggregation round run in memory, every participant at once (with `std`): what the
//! module's tests, `secagg-bench` and clients' tests need to exercise the protocol without a
//! chain. Each step is the one a clinic's node or the runtime takes; nothing here is used by
//! either.

use super::*;
use rand_core::RngCore;

/// A round's public setting and every participant's secrets: the keys each published and the
/// shares each dealt, before any input is masked.
pub struct SimulatedRound {
	/// The round the masks are bound to.
	pub context: MaskContext,
	/// `t`: how many shares open a secret.
	pub threshold: usize,
	/// Every participant's key pairs, in participant order.
	pub keys: Vec<MaskKeys>,
	/// Their public keys, as published.
	pub participants: Vec<ParticipantKeys>,
	/// The shares each dealt: `dealt[dealer][recipient]`.
	pub dealt: Vec<Vec<SharesForRecipient>>,
}

impl SimulatedRound {
	/// `n` participants with keys drawn from `rng`, each having dealt its shares to all, with
	/// threshold `threshold`.
	pub fn new(
		n: usize,
		threshold: usize,
		context: MaskContext,
		rng: &mut impl RngCore,
	) -> Result<Self, SecAggError> {
		let keys: Vec<MaskKeys> = (0..n)
			.map(|_| {
				let mut secret = [0u8; 32];
				rng.fill_bytes(&mut secret);
				MaskKeys::from_seed(&MaskKeys::round_seed(&secret, &context))
			})
			.collect();
		let participants: Vec<_> = keys.iter().map(MaskKeys::public_keys).collect();
		let dealt = keys
			.iter()
			.enumerate()
			.map(|(i, k)| deal_shares(&context, k, i as u32, &participants, threshold))
			.collect::<Result<_, _>>()?;
		Ok(Self { context, threshold, keys, participants, dealt })
	}

	/// Participant `i`'s masked input for its `weighted` update.
	pub fn mask(&self, i: usize, weighted: &[u64]) -> Result<Vec<u64>, SecAggError> {
		let keys = self.keys.get(i).ok_or(SecAggError::IndexOutOfRange { index: i as u32 })?;
		mask(&self.context, keys, i as u32, &self.participants, weighted)
	}

	/// The share of `kind` that `dealer` dealt to `holder`, encrypted, with its commitment.
	pub fn dealt(&self, dealer: usize, holder: usize, kind: SecretKind) -> Option<DealtShare> {
		let for_holder = self.dealt.get(dealer)?.get(holder)?;
		Some(match kind {
			SecretKind::MaskKey => for_holder.mask_key,
			SecretKind::SelfMask => for_holder.self_mask,
		})
	}

	/// `holder` decrypts the share of `kind` that `dealer` sent it.
	pub fn open(
		&self,
		holder: usize,
		dealer: usize,
		kind: SecretKind,
	) -> Result<Share, SecAggError> {
		let out_of_range = SecAggError::IndexOutOfRange { index: dealer.max(holder) as u32 };
		let dealt = self.dealt(dealer, holder, kind).ok_or(out_of_range)?;
		let keys = self.keys.get(holder).ok_or(out_of_range)?;
		open_share(
			&self.context,
			keys,
			holder as u32,
			dealer as u32,
			&self.participants,
			kind,
			&dealt,
		)
	}

	/// What `revealers` reveal once `survivors` are known, each share checked against its
	/// commitment as the runtime checks it: one list of shares per [`shares_to_reveal`] entry.
	pub fn reveal(
		&self,
		survivors: &[u32],
		revealers: &[usize],
	) -> Result<Vec<(ShareRequest, Vec<Share>)>, SecAggError> {
		shares_to_reveal(self.participants.len(), survivors)?
			.into_iter()
			.map(|request| {
				let dealer = request.dealer as usize;
				let shares = revealers
					.iter()
					.map(|&holder| {
						let share = self.open(holder, dealer, request.kind)?;
						let out_of_range = SecAggError::IndexOutOfRange { index: holder as u32 };
						let dealt = self.dealt(dealer, holder, request.kind).ok_or(out_of_range)?;
						let (holder, kind) = (holder as u32, request.kind);
						check_share(
							&self.context,
							request.dealer,
							holder,
							kind,
							&share,
							&dealt.commitment,
						)?;
						Ok(share)
					})
					.collect::<Result<Vec<_>, SecAggError>>()?;
				Ok((request, shares))
			})
			.collect()
	}

	/// The sum of the `masked` inputs (`(participant, masked input)`), unmasked with the
	/// `revealed` shares, as closing the round computes it.
	pub fn unmask(
		&self,
		masked: &[(u32, Vec<u64>)],
		revealed: &[(ShareRequest, Vec<Share>)],
	) -> Result<Vec<u64>, SecAggError> {
		let inputs: Vec<_> = masked
			.iter()
			.map(|(index, y)| MaskedInput { index: *index, masked: y })
			.collect();
		let shares: Vec<_> = revealed
			.iter()
			.map(|(request, shares)| RevealedShares {
				dealer: request.dealer,
				kind: request.kind,
				shares,
			})
			.collect();
		unmask_sum(&self.context, &self.participants, &inputs, &shares, self.threshold)
	}
}

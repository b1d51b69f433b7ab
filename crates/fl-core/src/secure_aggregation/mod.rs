//! Secure aggregation (Bonawitz et al., CCS 2017): clinics publish masked updates whose masks
//! cancel in the sum, so the chain learns the sum of a round's updates and no single one.
//!
//! ## Overview
//!
//! Without this module each clinic reveals its quantised update in the clear
//! ([`crate::aggregate::ClientUpdate`]). With it, clinic `i` publishes
//! `yᵢ = xᵢ + PRG(bᵢ) + Σ_{j>i} PRG(sᵢⱼ) − Σ_{j<i} PRG(sᵢⱼ)` in `Z_2^64` (wrapping `u64`
//! words), where `xᵢ` is its sample-weighted update ([`weighted_update`]). The pairwise masks
//! `PRG(sᵢⱼ)` cancel between `i` and `j`; the self-masks `PRG(bᵢ)` are removed once the
//! survivors reveal shares of every `bᵢ`; the pairwise masks of clinics that dropped out are
//! removed once the survivors reveal shares of the dropped clinics' mask keys. What is left is
//! `Σ_{i∈U} xᵢ` exactly, and [`fedavg_from_weighted_sum`] turns it into the very model
//! [`crate::aggregate::fedavg`] would give on the cleartext updates.
//!
//! This module is the maths only: it keeps no state and does no I/O. The pallet stores what
//! goes on chain and enforces the order of the phases; the clinic's off-chain worker holds the
//! secrets.
//!
//! ## The round, phase by phase
//!
//! A round's participants are numbered `0..n` (`2 <= n <=` [`MAX_SECURE_PARTICIPANTS`]) in
//! one fixed order, and every value below is bound to the round's [`MaskContext`] (task,
//! round, parameter count), so nothing is reused across rounds.
//!
//! 1. **Keys.** Each clinic derives its round's secrets ([`MaskKeys::from_seed`], with
//!    [`MaskKeys::round_seed`] from its node secret) and publishes [`ParticipantKeys`]: an
//!    X25519 *mask* key `Sᵢ` (for the pairwise masks) and a separate X25519 *transport* key
//!    `Cᵢ` (for sending shares), as the paper keeps them apart: revealing a dropped clinic's
//!    mask key must not open the shares it received. [`check_public_key`] refuses the
//!    low-order points that would make every key agreement with them predictable.
//! 2. **Shares.** Each clinic splits its mask key's secret `sᵢ` and its self-mask seed `bᵢ`
//!    into `n` Shamir shares with threshold `t` ([`shamir`]; share `x` = recipient index + 1),
//!    encrypts share `j` to clinic `j` (ChaCha20 under a key from `X25519(cᵢ, Cⱼ)`), and
//!    publishes every [`DealtShare`]: the ciphertext and a commitment to the share
//!    ([`deal_shares`], [`share_commitment`]). Recipient `j` decrypts with [`open_share`],
//!    which also checks the commitment. Every participant must deal before masking starts
//!    (the pallet restarts the round otherwise): a clinic that never dealt could not have its
//!    pairwise masks removed if it dropped out.
//! 3. **Masked inputs.** Each clinic publishes [`mask`]`(xᵢ)` and its sample count.
//! 4. **Unmasking.** The survivors `U` are those whose masked input arrived; the rest, `D`,
//!    dropped out. Every participant still online reveals, in the clear, the shares that
//!    [`shares_to_reveal`] lists: its share of `bᵢ` for each survivor and of `sⱼ` for each
//!    dropped clinic, never the other kind. The runtime checks each against its commitment
//!    ([`check_share`]) and, with `t` of each, computes the sum ([`unmask_sum`]).
//!
//! ## What it protects, and against whom
//!
//! Everyone can read the chain, so the "server" of the paper is everyone: every node, every
//! member, every clinic. Against honest-but-curious parties (who follow the protocol and read
//! everything they can):
//!
//! - **A masked input alone is noise.** `PRG(bᵢ)` is a ChaCha20 keystream under a key only
//!   clinic `i` knows until the survivors reveal it, so `yᵢ` says nothing of `xᵢ`.
//! - **Revealing `bᵢ` reveals nothing either**, because `yᵢ − PRG(bᵢ)` still carries `i`'s
//!   pairwise masks with every other survivor, and each `sᵢⱼ` is known only to `i` and `j`.
//!   Only the sum over all survivors is free of masks.
//! - **Dropouts do not stall the round**: a dropped clinic's `sⱼ` is rebuilt from `t` shares,
//!   checked against its public `Sⱼ`, and its pairwise masks are taken out of the sum.
//! - **The self-mask protects late arrivals.** If a clinic declared dropped (its `sⱼ` then
//!   rebuilt) had its masked input arrive after all, its `bⱼ` was never revealed, so the input
//!   stays hidden. For the same reason nobody may ever reveal both `sᵢ` and `bᵢ` of one
//!   clinic: [`shares_to_reveal`] lists one kind per clinic and [`unmask_sum`] refuses the
//!   other.
//! - **Shares are private and checkable.** Each share travels encrypted to its holder; fewer
//!   than `t` shares of a secret say nothing about it (Shamir is perfectly hiding). Each
//!   share's commitment lets its holder check what it received and lets the runtime refuse a
//!   wrong share revealed later.
//!
//! Its limits:
//!
//! - **A coalition of `t` or more participants** can pool the shares they received and
//!   rebuild any clinic's `sᵢ` and `bᵢ`, and so read that clinic's update. `t` is the largest
//!   coalition tolerated minus one: choose `t > n/2` (as [`shares_to_reveal`]'s callers and
//!   the tests do), so that a coalition must be a majority of the round's clinics.
//! - **The survivors' sum is what is revealed.** With one survivor the sum is its update; the
//!   pallet's cohort floor, not this module, keeps the survivor count up ([`unmask_sum`] also
//!   refuses fewer than `t` survivors, as the paper does). Sample counts stay public.
//! - **Active cheating is out of scope.** A dealer that commits to shares of a polynomial
//!   other than its true `bᵢ` makes the sum wrong without being caught (the shares of `sᵢ`
//!   are caught: the rebuilt key must match `Sᵢ`). A clinic can still submit a poisoned
//!   update, and the robust rules (median, trimmed mean) cannot run on masked inputs: only
//!   FedAvg can. The chain itself stands in for the paper's signatures and consistency check:
//!   every message is a signed extrinsic, and every node sees the same survivors.
//! - **Per-round keys are mandatory.** Once a dropped clinic's `sᵢ` is rebuilt it is public;
//!   were it reused, its self-mask revealed in a later round would open that round's update.
//!   [`MaskKeys::round_seed`] derives fresh secrets from the context; a (task, round) pair
//!   must be masked at most once.
//!
//! ## Design
//!
//! - **Exact sums.** `xᵢ = samplesᵢ · δᵢ` in `i64`, two's complement in `u64`. With
//!   `samples <=` [`MAX_SAMPLES_PER_UPDATE`] (2^26) and `|δ| <= 2^31`, each product is at most
//!   2^57 in magnitude and the sum of up to 64 of them stays within
//!   `[−2^63, 2^63)`, so the wrapping `u64` sum read as `i64` is the exact integer sum.
//! - **Keys are never reused.** Pairwise seed
//!   `sᵢⱼ = blake2_256("ivf-secagg/pair" ‖ X25519(sᵢ, Sⱼ) ‖ SCALE(context) ‖ min(Sᵢ,Sⱼ) ‖
//!   max(Sᵢ,Sⱼ))`; share key `blake2_256("ivf-secagg/share" ‖ X25519(cᵢ, Cⱼ) ‖ SCALE(context)
//!   ‖ dealer ‖ recipient ‖ kind)` (indices `u32` little-endian, kind one byte). The kind is in
//!   the share key because a dealer sends two shares to each recipient: under one key and
//!   ChaCha20's zero nonce they would share a keystream. Every ChaCha20 key is therefore used
//!   for one message only, and the nonce is zero throughout.
//! - **PRG** = the ChaCha20 keystream (RFC 8439, nonce zero) read as little-endian `u64` words.
//! - **Commitment** `blake2_256("ivf-secagg/commit" ‖ SCALE(context) ‖ dealer ‖ recipient ‖
//!   kind ‖ share value)`: it binds the share to its round, dealer, holder and kind, so a share
//!   cannot be replayed elsewhere. It hides the share as well as the secret is hidden: a share
//!   of fewer than `t` is uniformly random, 256 bits of it.
//! - **No panics on input.** Every function returns [`SecAggError`] on a malformed input and
//!   validates everything before doing expensive work.

pub mod shamir;
#[cfg(feature = "std")]
pub mod simulation;

use alloc::vec::Vec;
use chacha20::{
	cipher::{KeyIvInit, StreamCipher},
	ChaCha20, Key, Nonce,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use scale_info::TypeInfo;
use sp_crypto_hashing::blake2_256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroize;

use crate::aggregate::{add_weighted_mean, AggregationError, MAX_PARAMETERS};
pub use shamir::{combine, Share, MIN_THRESHOLD};

/// Most clinics in one securely aggregated round; bounds the work of unmasking and, with
/// [`MAX_SAMPLES_PER_UPDATE`], keeps the sum of weighted updates inside `i64`.
pub const MAX_SECURE_PARTICIPANTS: usize = 64;

/// Largest sample count one weighted update may carry: 2^26 (67,108,864 rows, far more than
/// any clinic's register). With `|δ| <= 2^31`, 64 updates sum to at most 2^63 in magnitude,
/// so the sum is exact in `i64` (see the module docs).
pub const MAX_SAMPLES_PER_UPDATE: u64 = 1 << 26;

/// The range of every value of a weighted update, `[−2^57, 2^57)`: the range of
/// `samples · δ` for `samples <=` [`MAX_SAMPLES_PER_UPDATE`] and an `i32` `δ`, so that the
/// sum of up to [`MAX_SECURE_PARTICIPANTS`] of them stays exact in `i64`. A weighted update
/// computed elsewhere (under distributed noise) is kept to it too.
pub const WEIGHTED_MIN: i64 = -(1 << 57);
/// See [`WEIGHTED_MIN`].
pub const WEIGHTED_MAX: i64 = (1 << 57) - 1;

/// A 32-byte X25519 public key, as published on chain.
pub type PublicKeyBytes = [u8; 32];

/// A blake2-256 commitment to one share.
pub type Commitment = [u8; 32];

/// Position of a clinic in its round's fixed order of participants, `0..n`.
pub type ParticipantIndex = u32;

const PAIR_TAG: &[u8] = b"ivf-secagg/pair";
const SHARE_TAG: &[u8] = b"ivf-secagg/share";
const COMMIT_TAG: &[u8] = b"ivf-secagg/commit";
const ROUND_SEED_TAG: &[u8] = b"ivf-secagg/round-seed";
const MASK_KEY_TAG: &[u8] = b"ivf-secagg/mask-key";
const TRANSPORT_KEY_TAG: &[u8] = b"ivf-secagg/transport-key";
const SELF_MASK_TAG: &[u8] = b"ivf-secagg/self-mask";
const SHARING_TAG: &[u8] = b"ivf-secagg/sharing";

/// What every mask, share key and commitment of a round is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct MaskContext {
	/// The training task.
	pub task: u64,
	/// The round within the task.
	pub round: u32,
	/// Length of every (weighted, masked) update in the round.
	pub parameters: u32,
}

/// Which of a clinic's two shared secrets a share belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SecretKind {
	/// The mask key's secret `sᵢ`: revealed only for clinics that dropped out.
	MaskKey,
	/// The self-mask seed `bᵢ`: revealed only for clinics whose masked input arrived.
	SelfMask,
}

impl SecretKind {
	fn tag(self) -> u8 {
		match self {
			SecretKind::MaskKey => 0,
			SecretKind::SelfMask => 1,
		}
	}
}

/// A participant's two public keys, published at the start of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ParticipantKeys {
	/// `Sᵢ`: agrees the pairwise mask seeds.
	pub mask: PublicKeyBytes,
	/// `Cᵢ`: agrees the keys that encrypt the shares sent to and from this participant.
	pub transport: PublicKeyBytes,
}

/// One share as published by its dealer: encrypted to its holder, with its commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DealtShare {
	/// The share's value, ChaCha20-encrypted to the holder.
	pub encrypted: [u8; 32],
	/// [`share_commitment`] of the share.
	pub commitment: Commitment,
}

/// Everything one dealer publishes for one holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SharesForRecipient {
	/// The holder's participant index.
	pub recipient: ParticipantIndex,
	/// The holder's share of the dealer's mask key secret `sᵢ`.
	pub mask_key: DealtShare,
	/// The holder's share of the dealer's self-mask seed `bᵢ`.
	pub self_mask: DealtShare,
}

/// One share a participant must reveal at unmasking: its share of `kind` of `dealer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ShareRequest {
	/// Whose secret.
	pub dealer: ParticipantIndex,
	/// Which secret: [`SecretKind::SelfMask`] of a survivor, [`SecretKind::MaskKey`] of a
	/// dropped clinic.
	pub kind: SecretKind,
}

/// A survivor's masked input, as it arrived on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaskedInput<'a> {
	/// The sender's participant index.
	pub index: ParticipantIndex,
	/// Its [`mask`]ed weighted update, `context.parameters` words.
	pub masked: &'a [u64],
}

/// The revealed, commitment-checked shares of one secret of one dealer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevealedShares<'a> {
	/// Whose secret.
	pub dealer: ParticipantIndex,
	/// Which secret.
	pub kind: SecretKind,
	/// At least `threshold` shares, each checked with [`check_share`] when it was revealed.
	pub shares: &'a [Share],
}

/// Why a secure-aggregation step was refused. Nothing is computed when one is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SecAggError {
	/// Fewer than two participants: a "sum" of one update is that update.
	TooFewParticipants,
	/// More than [`MAX_SECURE_PARTICIPANTS`] participants.
	TooManyParticipants,
	/// The threshold is below [`MIN_THRESHOLD`] or above the number of shares. Choose
	/// `n/2 < t <= n`.
	InvalidThreshold {
		/// The threshold asked for.
		threshold: u32,
	},
	/// A participant index is not below the number of participants.
	IndexOutOfRange {
		/// The offending index.
		index: u32,
	},
	/// Two participants published the same mask or transport key; the second is `index`.
	/// Keys must be fresh per clinic and round.
	DuplicatePublicKey {
		/// The later of the two participants.
		index: u32,
	},
	/// A participant's public key is a low-order point, so every key agreement with it is
	/// predictable; refuse it when it is published ([`check_public_key`]).
	NonContributoryKey {
		/// The participant whose key it is.
		index: u32,
	},
	/// The caller's own keys are not the keys published at its index.
	KeysDoNotMatchParticipant,
	/// The context's parameter count is above [`MAX_PARAMETERS`].
	TooManyParameters,
	/// An update or masked input does not have `context.parameters` words.
	WrongLength {
		/// The participant whose vector it is.
		index: u32,
	},
	/// A sample count is above [`MAX_SAMPLES_PER_UPDATE`], or a weighted value outside
	/// [`WEIGHTED_MIN`]`..=`[`WEIGHTED_MAX`], so the sum could overflow `i64`.
	SamplesAboveBound,
	/// Two masked inputs carry the same participant index.
	DuplicateMaskedInput {
		/// The repeated index.
		index: u32,
	},
	/// Fewer survivors than the threshold: the paper's abort rule, since too few survivors
	/// cannot reveal enough shares and their sum says too much about each of them.
	TooFewSurvivors {
		/// Masked inputs received.
		survivors: u32,
		/// The round's threshold.
		threshold: u32,
	},
	/// No revealed shares were given for a secret the unmasking needs.
	MissingShares {
		/// Whose secret.
		dealer: u32,
		/// Which secret.
		kind: SecretKind,
	},
	/// A secret was given more than once.
	DuplicateDealer {
		/// Whose secret.
		dealer: u32,
	},
	/// Shares of the secret a clinic must keep were given: a survivor's mask key or a dropped
	/// clinic's self-mask. Revealing both of one clinic's secrets would open its update.
	WrongSecretRevealed {
		/// Whose secret.
		dealer: u32,
		/// The kind that must not be revealed for this dealer.
		kind: SecretKind,
	},
	/// Fewer shares than the threshold.
	TooFewShares {
		/// The threshold.
		needed: u32,
		/// Shares given.
		given: u32,
	},
	/// Two shares have the same x-coordinate.
	DuplicateShare {
		/// The repeated x-coordinate.
		x: u8,
	},
	/// A share has x-coordinate zero, which would be the secret itself.
	ZeroShareIndex,
	/// A share's x-coordinate is not a participant's (index + 1), or not its holder's.
	ShareIndexMismatch {
		/// The share's x-coordinate.
		x: u8,
	},
	/// A share does not match the commitment its dealer published: it was altered, or it is
	/// another round's, dealer's, holder's or kind's.
	ShareCommitmentMismatch,
	/// The mask key rebuilt from a dropped clinic's shares does not give its published key.
	ReconstructedKeyMismatch {
		/// The dropped clinic.
		dealer: u32,
	},
}

/// A clinic's secrets for one round: two X25519 key pairs, the self-mask seed, and the seed of
/// its Shamir polynomials. Wiped from memory when dropped.
pub struct MaskKeys {
	mask: StaticSecret,
	transport: StaticSecret,
	self_mask_seed: [u8; 32],
	sharing_seed: [u8; 32],
}

impl Drop for MaskKeys {
	fn drop(&mut self) {
		// The two `StaticSecret`s wipe themselves (x25519-dalek's `zeroize` feature).
		self.self_mask_seed.zeroize();
		self.sharing_seed.zeroize();
	}
}

impl MaskKeys {
	/// The seed of a clinic's round secrets: `blake2_256("ivf-secagg/round-seed" ‖
	/// SCALE(context) ‖ clinic_secret)`. Deterministic, so a worker that restarts mid-round
	/// derives the same keys it published; new for every task and round (see the module docs
	/// on why keys must never be reused).
	pub fn round_seed(clinic_secret: &[u8], context: &MaskContext) -> [u8; 32] {
		let mut preimage = Vec::with_capacity(ROUND_SEED_TAG.len() + 16 + clinic_secret.len());
		preimage.extend_from_slice(ROUND_SEED_TAG);
		context.encode_to(&mut preimage);
		preimage.extend_from_slice(clinic_secret);
		let seed = blake2_256(&preimage);
		preimage.zeroize();
		seed
	}

	/// Derives the round's secrets from a 32-byte seed, each under its own domain tag, so
	/// revealing one (a mask key or a self-mask seed) says nothing of the others or the seed.
	pub fn from_seed(seed: &[u8; 32]) -> Self {
		let derive = |tag: &[u8]| {
			let mut preimage = [0u8; 64];
			let (head, tail) = preimage.split_at_mut(32);
			// Tags are shorter than 32 bytes; the rest of `head` stays zero.
			head.iter_mut().zip(tag).for_each(|(slot, &byte)| *slot = byte);
			tail.copy_from_slice(seed);
			let out = blake2_256(&preimage);
			preimage.zeroize();
			out
		};
		MaskKeys {
			mask: StaticSecret::from(derive(MASK_KEY_TAG)),
			transport: StaticSecret::from(derive(TRANSPORT_KEY_TAG)),
			self_mask_seed: derive(SELF_MASK_TAG),
			sharing_seed: derive(SHARING_TAG),
		}
	}

	/// The public keys to publish for the round.
	pub fn public_keys(&self) -> ParticipantKeys {
		ParticipantKeys {
			mask: PublicKey::from(&self.mask).to_bytes(),
			transport: PublicKey::from(&self.transport).to_bytes(),
		}
	}
}

/// Whether `key` is safe to accept as a participant's public key: `false` for the low-order
/// points, with which every X25519 agreement gives the all-zero value. The pallet calls it
/// when keys are published; the other functions refuse such a key by
/// [`SecAggError::NonContributoryKey`].
pub fn check_public_key(key: &PublicKeyBytes) -> bool {
	// Every clamped scalar is a multiple of 8, so it sends exactly the points of order
	// dividing 8 to zero; any fixed clamped scalar will do.
	x25519_dalek::x25519([0x42; 32], *key) != [0u8; 32]
}

/// The clinic's contribution to the sum: `samples · δ[k]` in `i64`, as two's-complement `u64`.
///
/// Errors: [`SecAggError::SamplesAboveBound`] above [`MAX_SAMPLES_PER_UPDATE`];
/// [`SecAggError::TooManyParameters`] above [`MAX_PARAMETERS`].
pub fn weighted_update(delta: &[i32], samples: u64) -> Result<Vec<u64>, SecAggError> {
	if samples > MAX_SAMPLES_PER_UPDATE {
		return Err(SecAggError::SamplesAboveBound);
	}
	if delta.len() > MAX_PARAMETERS {
		return Err(SecAggError::TooManyParameters);
	}
	// |samples · δ| <= 2^26 · 2^31: no overflow in i64.
	Ok(delta.iter().map(|&d| (samples as i64 * d as i64) as u64).collect())
}

/// A weighted update computed elsewhere (under distributed noise,
/// [`crate::train::distributed_weighted_update`]) as two's-complement words, checked to keep
/// the sum of up to [`MAX_SECURE_PARTICIPANTS`] exact: every value in
/// [`WEIGHTED_MIN`]`..=`[`WEIGHTED_MAX`].
///
/// Errors: [`SecAggError::TooManyParameters`] above [`MAX_PARAMETERS`];
/// [`SecAggError::SamplesAboveBound`] for a value outside that range.
pub fn weighted_from_i64(weighted: &[i64]) -> Result<Vec<u64>, SecAggError> {
	if weighted.len() > MAX_PARAMETERS {
		return Err(SecAggError::TooManyParameters);
	}
	if weighted.iter().any(|x| !(WEIGHTED_MIN..=WEIGHTED_MAX).contains(x)) {
		return Err(SecAggError::SamplesAboveBound);
	}
	Ok(weighted.iter().map(|&x| x as u64).collect())
}

/// Masks clinic `index`'s weighted update:
/// `y = x + PRG(b) + Σ_{j>index} PRG(s_{index,j}) − Σ_{j<index} PRG(s_{index,j})`, wrapping.
///
/// Errors: the round checks of [`SecAggError::TooFewParticipants`],
/// [`SecAggError::TooManyParticipants`], [`SecAggError::DuplicatePublicKey`],
/// [`SecAggError::TooManyParameters`]; [`SecAggError::IndexOutOfRange`];
/// [`SecAggError::KeysDoNotMatchParticipant`]; [`SecAggError::WrongLength`] unless `weighted`
/// has `context.parameters` words; [`SecAggError::NonContributoryKey`].
pub fn mask(
	context: &MaskContext,
	keys: &MaskKeys,
	index: ParticipantIndex,
	participants: &[ParticipantKeys],
	weighted: &[u64],
) -> Result<Vec<u64>, SecAggError> {
	check_participants(context, participants)?;
	let own = own_keys(keys, index, participants)?;
	if weighted.len() != context.parameters as usize {
		return Err(SecAggError::WrongLength { index });
	}
	let mut seeds = Vec::with_capacity(participants.len());
	for (j, other) in participants.iter().enumerate() {
		let j = j as u32;
		if j != index {
			let seed = pairwise_seed(context, &keys.mask, &own.mask, &other.mask, j)?;
			seeds.push((seed, if j > index { Sign::Add } else { Sign::Subtract }));
		}
	}
	let mut masked = weighted.to_vec();
	add_keystream(&mut masked, &keys.self_mask_seed, Sign::Add);
	for (seed, sign) in &mut seeds {
		add_keystream(&mut masked, seed, *sign);
		seed.zeroize();
	}
	Ok(masked)
}

/// Splits the dealer's mask key secret and self-mask seed into one share per participant
/// (threshold `threshold`), encrypted to each, with commitments; the list is in participant
/// order and includes the dealer's own shares, which it keeps and reveals like any other.
///
/// The polynomials' coefficients come from the keys' sharing seed and the context, so a
/// worker that deals twice publishes the same shares.
///
/// Errors: the round checks (see [`mask`]); [`SecAggError::InvalidThreshold`];
/// [`SecAggError::IndexOutOfRange`]; [`SecAggError::KeysDoNotMatchParticipant`];
/// [`SecAggError::NonContributoryKey`].
pub fn deal_shares(
	context: &MaskContext,
	keys: &MaskKeys,
	dealer: ParticipantIndex,
	participants: &[ParticipantKeys],
	threshold: usize,
) -> Result<Vec<SharesForRecipient>, SecAggError> {
	check_participants(context, participants)?;
	check_threshold(threshold, participants.len())?;
	own_keys(keys, dealer, participants)?;
	let n = participants.len();
	let mut mask_secret = keys.mask.to_bytes();
	let split = |secret: &[u8; 32], kind: SecretKind| {
		let mut seed_preimage = Vec::with_capacity(SHARING_TAG.len() + 32 + 16 + 1);
		seed_preimage.extend_from_slice(SHARING_TAG);
		seed_preimage.extend_from_slice(&keys.sharing_seed);
		context.encode_to(&mut seed_preimage);
		seed_preimage.push(kind.tag());
		let mut randomness = ChaCha20Rng::from_seed(blake2_256(&seed_preimage));
		seed_preimage.zeroize();
		shamir::split(secret, threshold, n, &mut randomness)
	};
	let mask_key_shares = split(&mask_secret, SecretKind::MaskKey);
	mask_secret.zeroize();
	let mut mask_key_shares = mask_key_shares?;
	let mut self_mask_shares = split(&keys.self_mask_seed, SecretKind::SelfMask)?;
	let mut dealt = Vec::with_capacity(n);
	for (recipient, holder) in participants.iter().enumerate() {
		let recipient = recipient as u32;
		let agreed = agree(&keys.transport, &holder.transport, recipient)?;
		let seal = |share: &mut Share, kind: SecretKind| {
			let commitment = share_commitment(context, dealer, recipient, kind, share);
			let mut encrypted = share.y;
			let mut key = share_key(context, &agreed, dealer, recipient, kind);
			apply_cipher(&key, &mut encrypted);
			key.zeroize();
			share.y.zeroize();
			DealtShare { encrypted, commitment }
		};
		let (Some(mask_key), Some(self_mask)) = (
			mask_key_shares.get_mut(recipient as usize),
			self_mask_shares.get_mut(recipient as usize),
		) else {
			// `split` made exactly `n` shares of each; unreachable, but never a panic.
			return Err(SecAggError::IndexOutOfRange { index: recipient });
		};
		dealt.push(SharesForRecipient {
			recipient,
			mask_key: seal(mask_key, SecretKind::MaskKey),
			self_mask: seal(self_mask, SecretKind::SelfMask),
		});
	}
	Ok(dealt)
}

/// Decrypts the share `dealer` sent to `recipient` (the caller, holding `keys`) and checks it
/// against its commitment.
///
/// Errors: [`SecAggError::IndexOutOfRange`]; [`SecAggError::KeysDoNotMatchParticipant`];
/// [`SecAggError::NonContributoryKey`]; [`SecAggError::ShareCommitmentMismatch`] when the
/// ciphertext or commitment was altered, or was meant for someone else.
pub fn open_share(
	context: &MaskContext,
	keys: &MaskKeys,
	recipient: ParticipantIndex,
	dealer: ParticipantIndex,
	participants: &[ParticipantKeys],
	kind: SecretKind,
	dealt: &DealtShare,
) -> Result<Share, SecAggError> {
	own_keys(keys, recipient, participants)?;
	let dealer_keys = participants
		.get(dealer as usize)
		.ok_or(SecAggError::IndexOutOfRange { index: dealer })?;
	let agreed = agree(&keys.transport, &dealer_keys.transport, dealer)?;
	let mut key = share_key(context, &agreed, dealer, recipient, kind);
	let mut y = dealt.encrypted;
	apply_cipher(&key, &mut y);
	key.zeroize();
	let share = Share { x: share_x(recipient)?, y };
	check_share(context, dealer, recipient, kind, &share, &dealt.commitment)?;
	Ok(share)
}

/// `blake2_256("ivf-secagg/commit" ‖ SCALE(context) ‖ dealer ‖ recipient ‖ kind ‖ share.y)`.
pub fn share_commitment(
	context: &MaskContext,
	dealer: ParticipantIndex,
	recipient: ParticipantIndex,
	kind: SecretKind,
	share: &Share,
) -> Commitment {
	let mut preimage = [0u8; 17 + 16 + 4 + 4 + 1 + 32];
	let mut at = 0;
	for part in [
		COMMIT_TAG,
		&context.encode()[..],
		&dealer.to_le_bytes()[..],
		&recipient.to_le_bytes()[..],
		&[kind.tag()][..],
		&share.y[..],
	] {
		preimage[at..at + part.len()].copy_from_slice(part);
		at += part.len();
	}
	let commitment = blake2_256(&preimage[..at]);
	preimage.zeroize();
	commitment
}

/// Checks a share revealed by `recipient` (its holder) against the commitment `dealer`
/// published: the runtime's test before it accepts a revealed share.
///
/// Errors: [`SecAggError::ShareIndexMismatch`] unless `share.x == recipient + 1`;
/// [`SecAggError::ShareCommitmentMismatch`].
pub fn check_share(
	context: &MaskContext,
	dealer: ParticipantIndex,
	recipient: ParticipantIndex,
	kind: SecretKind,
	share: &Share,
	commitment: &Commitment,
) -> Result<(), SecAggError> {
	if share_x(recipient).ok() != Some(share.x) {
		return Err(SecAggError::ShareIndexMismatch { x: share.x });
	}
	if share_commitment(context, dealer, recipient, kind, share) != *commitment {
		return Err(SecAggError::ShareCommitmentMismatch);
	}
	Ok(())
}

/// The shares every participant reveals once the survivors are known: its share of each
/// survivor's self-mask and of each dropped clinic's mask key, in participant order. It is
/// the same list for every revealer, and never names both secrets of one clinic.
///
/// Errors: [`SecAggError::TooFewParticipants`], [`SecAggError::TooManyParticipants`],
/// [`SecAggError::IndexOutOfRange`], [`SecAggError::DuplicateMaskedInput`] for a survivor
/// listed twice.
pub fn shares_to_reveal(
	participant_count: usize,
	survivors: &[ParticipantIndex],
) -> Result<Vec<ShareRequest>, SecAggError> {
	check_participant_count(participant_count)?;
	let survived = survivor_flags(participant_count, survivors.iter().copied())?;
	Ok(survived
		.iter()
		.enumerate()
		.map(|(dealer, &survived)| ShareRequest {
			dealer: dealer as u32,
			kind: if survived { SecretKind::SelfMask } else { SecretKind::MaskKey },
		})
		.collect())
}

/// The sum of the survivors' weighted updates, `Σ_{i∈U} xᵢ` (wrapping `u64`; read each word as
/// `i64`), from their masked inputs and the revealed shares.
///
/// `masked` are the survivors' inputs (any order); every other participant dropped out.
/// `revealed` holds, for every survivor, its [`SecretKind::SelfMask`] shares and, for every
/// dropped clinic, its [`SecretKind::MaskKey`] shares, each share already checked with
/// [`check_share`] and at least `threshold` of them.
///
/// Errors: the round checks (see [`mask`]); [`SecAggError::InvalidThreshold`];
/// [`SecAggError::IndexOutOfRange`]; [`SecAggError::DuplicateMaskedInput`];
/// [`SecAggError::WrongLength`]; [`SecAggError::TooFewSurvivors`];
/// [`SecAggError::DuplicateDealer`]; [`SecAggError::WrongSecretRevealed`];
/// [`SecAggError::MissingShares`]; [`SecAggError::ShareIndexMismatch`] for a share whose x is
/// no participant's; the errors of [`combine`]; [`SecAggError::ReconstructedKeyMismatch`];
/// [`SecAggError::NonContributoryKey`].
pub fn unmask_sum(
	context: &MaskContext,
	participants: &[ParticipantKeys],
	masked: &[MaskedInput<'_>],
	revealed: &[RevealedShares<'_>],
	threshold: usize,
) -> Result<Vec<u64>, SecAggError> {
	check_participants(context, participants)?;
	let n = participants.len();
	check_threshold(threshold, n)?;
	let survived = survivor_flags(n, masked.iter().map(|input| input.index))?;
	if let Some(input) =
		masked.iter().find(|input| input.masked.len() != context.parameters as usize)
	{
		return Err(SecAggError::WrongLength { index: input.index });
	}
	if masked.len() < threshold {
		return Err(SecAggError::TooFewSurvivors {
			survivors: masked.len() as u32,
			threshold: threshold as u32,
		});
	}
	let mut given: Vec<Option<&[Share]>> = alloc::vec![None; n];
	for secret in revealed {
		let dealer = secret.dealer;
		let (Some(slot), Some(&survivor)) =
			(given.get_mut(dealer as usize), survived.get(dealer as usize))
		else {
			return Err(SecAggError::IndexOutOfRange { index: dealer });
		};
		let allowed = if survivor { SecretKind::SelfMask } else { SecretKind::MaskKey };
		if secret.kind != allowed {
			return Err(SecAggError::WrongSecretRevealed { dealer, kind: secret.kind });
		}
		if slot.replace(secret.shares).is_some() {
			return Err(SecAggError::DuplicateDealer { dealer });
		}
		if let Some(share) = secret.shares.iter().find(|share| share.x == 0 || share.x as usize > n)
		{
			return Err(SecAggError::ShareIndexMismatch { x: share.x });
		}
	}
	// Rebuild every secret first (cheap, and may fail); only then run the keystreams.
	let mut self_masks = Vec::with_capacity(masked.len());
	let mut dropped_keys = Vec::with_capacity(n - masked.len());
	for (dealer, (shares, &survivor)) in given.iter().zip(&survived).enumerate() {
		let dealer = dealer as u32;
		let kind = if survivor { SecretKind::SelfMask } else { SecretKind::MaskKey };
		let shares = shares.ok_or(SecAggError::MissingShares { dealer, kind })?;
		let secret = combine(shares, threshold)?;
		if survivor {
			self_masks.push(secret);
		} else {
			let key = StaticSecret::from(secret);
			let published = participants.get(dealer as usize).map(|p| p.mask);
			if Some(PublicKey::from(&key).to_bytes()) != published {
				return Err(SecAggError::ReconstructedKeyMismatch { dealer });
			}
			dropped_keys.push((dealer, key));
		}
	}
	// Pairwise seeds of every (survivor, dropped) pair, with the sign that removes the term
	// the survivor added: it added PRG(s_ij) for j > i, so subtract it then; add otherwise.
	let mut pair_seeds = Vec::with_capacity(masked.len() * dropped_keys.len());
	for (dropped, key) in &dropped_keys {
		let dropped_public =
			participants.get(*dropped as usize).map(|p| p.mask).unwrap_or_default();
		for input in masked {
			let survivor_public =
				participants.get(input.index as usize).map(|p| p.mask).unwrap_or_default();
			let seed = pairwise_seed(context, key, &dropped_public, &survivor_public, input.index)?;
			let sign = if *dropped > input.index { Sign::Subtract } else { Sign::Add };
			pair_seeds.push((seed, sign));
		}
	}
	let mut sum = alloc::vec![0u64; context.parameters as usize];
	for input in masked {
		for (acc, &word) in sum.iter_mut().zip(input.masked) {
			*acc = acc.wrapping_add(word);
		}
	}
	for seed in &mut self_masks {
		add_keystream(&mut sum, seed, Sign::Subtract);
		seed.zeroize();
	}
	for (seed, sign) in &mut pair_seeds {
		add_keystream(&mut sum, seed, *sign);
		seed.zeroize();
	}
	Ok(sum)
}

/// FedAvg from the unmasked sum: `global + Σ nᵢδᵢ / Σ nᵢ`, rounding half away from zero and
/// saturating, exactly as [`crate::aggregate::fedavg`] computes it from the cleartext updates
/// (both end in the same rounding code). `weighted_sum` is [`unmask_sum`]'s output
/// (each word read as `i64`); `total_samples` is the survivors' published sample counts
/// summed.
///
/// Errors: [`AggregationError::TooManyParameters`]; [`AggregationError::LengthMismatch`]
/// (index 0) when the sum's length is not the model's; [`AggregationError::ZeroTotalWeight`].
pub fn fedavg_from_weighted_sum(
	global: &[i32],
	weighted_sum: &[u64],
	total_samples: u64,
) -> Result<Vec<i32>, AggregationError> {
	if global.len() > MAX_PARAMETERS {
		return Err(AggregationError::TooManyParameters);
	}
	if weighted_sum.len() != global.len() {
		return Err(AggregationError::LengthMismatch { index: 0 });
	}
	if total_samples == 0 {
		return Err(AggregationError::ZeroTotalWeight);
	}
	let sums = weighted_sum.iter().map(|&word| word as i64 as i128);
	Ok(add_weighted_mean(global, sums, total_samples as u128))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sign {
	Add,
	Subtract,
}

fn check_participant_count(n: usize) -> Result<(), SecAggError> {
	if n < 2 {
		return Err(SecAggError::TooFewParticipants);
	}
	if n > MAX_SECURE_PARTICIPANTS {
		return Err(SecAggError::TooManyParticipants);
	}
	Ok(())
}

/// The checks every round-level function starts with: participant count, parameter bound,
/// no key published twice.
fn check_participants(
	context: &MaskContext,
	participants: &[ParticipantKeys],
) -> Result<(), SecAggError> {
	check_participant_count(participants.len())?;
	if context.parameters as usize > MAX_PARAMETERS {
		return Err(SecAggError::TooManyParameters);
	}
	for (index, keys) in participants.iter().enumerate() {
		let earlier = participants.get(..index).unwrap_or(&[]);
		if earlier.iter().any(|e| e.mask == keys.mask || e.transport == keys.transport) {
			return Err(SecAggError::DuplicatePublicKey { index: index as u32 });
		}
	}
	Ok(())
}

fn check_threshold(threshold: usize, n: usize) -> Result<(), SecAggError> {
	if threshold < MIN_THRESHOLD || threshold > n {
		return Err(SecAggError::InvalidThreshold { threshold: threshold as u32 });
	}
	Ok(())
}

/// The published keys at `index`, checked to be the caller's own.
fn own_keys(
	keys: &MaskKeys,
	index: ParticipantIndex,
	participants: &[ParticipantKeys],
) -> Result<ParticipantKeys, SecAggError> {
	let published =
		participants.get(index as usize).ok_or(SecAggError::IndexOutOfRange { index })?;
	if *published != keys.public_keys() {
		return Err(SecAggError::KeysDoNotMatchParticipant);
	}
	Ok(*published)
}

/// One flag per participant: did its masked input arrive. Refuses indices out of range and
/// repeats.
fn survivor_flags(
	n: usize,
	survivors: impl Iterator<Item = ParticipantIndex>,
) -> Result<Vec<bool>, SecAggError> {
	let mut flags = alloc::vec![false; n];
	for index in survivors {
		let flag = flags.get_mut(index as usize).ok_or(SecAggError::IndexOutOfRange { index })?;
		if *flag {
			return Err(SecAggError::DuplicateMaskedInput { index });
		}
		*flag = true;
	}
	Ok(flags)
}

fn share_x(recipient: ParticipantIndex) -> Result<u8, SecAggError> {
	u8::try_from(recipient)
		.ok()
		.and_then(|r| r.checked_add(1))
		.ok_or(SecAggError::IndexOutOfRange { index: recipient })
}

/// X25519 with a published key, refusing the all-zero result of a low-order point.
fn agree(
	secret: &StaticSecret,
	their_public: &PublicKeyBytes,
	their_index: ParticipantIndex,
) -> Result<[u8; 32], SecAggError> {
	let shared = secret.diffie_hellman(&PublicKey::from(*their_public));
	if !shared.was_contributory() {
		return Err(SecAggError::NonContributoryKey { index: their_index });
	}
	Ok(shared.to_bytes())
}

/// `s_ij`, computed by `i` from its secret and `j`'s public key, or by anyone holding `j`'s
/// rebuilt secret and `i`'s public key: the agreement and the ordered pair of keys are
/// symmetric.
fn pairwise_seed(
	context: &MaskContext,
	secret: &StaticSecret,
	own_public: &PublicKeyBytes,
	their_public: &PublicKeyBytes,
	their_index: ParticipantIndex,
) -> Result<[u8; 32], SecAggError> {
	let mut agreed = agree(secret, their_public, their_index)?;
	let (smaller, larger) = if own_public <= their_public {
		(own_public, their_public)
	} else {
		(their_public, own_public)
	};
	let mut preimage = [0u8; 15 + 32 + 16 + 32 + 32];
	let mut at = 0;
	for part in [PAIR_TAG, &agreed[..], &context.encode()[..], &smaller[..], &larger[..]] {
		preimage[at..at + part.len()].copy_from_slice(part);
		at += part.len();
	}
	let seed = blake2_256(&preimage[..at]);
	preimage.zeroize();
	agreed.zeroize();
	Ok(seed)
}

fn share_key(
	context: &MaskContext,
	agreed: &[u8; 32],
	dealer: ParticipantIndex,
	recipient: ParticipantIndex,
	kind: SecretKind,
) -> [u8; 32] {
	let mut preimage = [0u8; 16 + 32 + 16 + 4 + 4 + 1];
	let mut at = 0;
	for part in [
		SHARE_TAG,
		&agreed[..],
		&context.encode()[..],
		&dealer.to_le_bytes()[..],
		&recipient.to_le_bytes()[..],
		&[kind.tag()][..],
	] {
		preimage[at..at + part.len()].copy_from_slice(part);
		at += part.len();
	}
	let key = blake2_256(&preimage[..at]);
	preimage.zeroize();
	key
}

/// XORs the ChaCha20 keystream of `key` (nonce zero) into `bytes`.
fn apply_cipher(key: &[u8; 32], bytes: &mut [u8]) {
	let mut cipher = ChaCha20::new(Key::from_slice(key), &Nonce::default());
	cipher.apply_keystream(bytes);
}

/// Adds (or subtracts) `PRG(seed)`, the ChaCha20 keystream read as little-endian `u64` words,
/// to `acc`, wrapping.
fn add_keystream(acc: &mut [u64], seed: &[u8; 32], sign: Sign) {
	const WORDS: usize = 64;
	let mut cipher = ChaCha20::new(Key::from_slice(seed), &Nonce::default());
	let mut block = [0u8; WORDS * 8];
	for chunk in acc.chunks_mut(WORDS) {
		let bytes = &mut block[..chunk.len() * 8];
		bytes.fill(0);
		cipher.apply_keystream(bytes);
		for (word, raw) in chunk.iter_mut().zip(bytes.chunks_exact(8)) {
			let mut le = [0u8; 8];
			le.copy_from_slice(raw);
			let pad = u64::from_le_bytes(le);
			*word = match sign {
				Sign::Add => word.wrapping_add(pad),
				Sign::Subtract => word.wrapping_sub(pad),
			};
		}
	}
	block.zeroize();
}

#[cfg(test)]
mod tests;

//! The records of the supplies ledger: lots as GS1 identifies them (GTIN, lot number, expiry
//! date), their arrival and departure at a clinic, their uses on specimens, and recalls.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use ivf_primitives::{DocumentHash, SpecimenId};
use scale_info::TypeInfo;

/// A lot record's number, given by the chain in arrival order from 0: one clinic's record of
/// one delivery of a lot.
pub type LotId = u64;

/// A day in the chain's time, the unit of the worklist.
pub use ivf_primitives::DAY_MS;

/// A GS1 Global Trade Item Number, application identifier (01): 14 ASCII digits, the last a
/// check digit (a GTIN-8, -12 or -13 is padded with leading zeros). A product code, not a
/// person's or a place's: it is kept in clear.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Gtin(pub [u8; 14]);

impl Gtin {
	/// Whether it is 14 ASCII digits whose last is the GS1 check digit of the others (weights
	/// 3 and 1 alternating from the right, the sum made up to a multiple of ten).
	pub fn is_valid(&self) -> bool {
		if !self.0.iter().all(u8::is_ascii_digit) {
			return false;
		}
		// Digits and weights are below 10: the sum of 13 products cannot overflow.
		let digit = |byte: &u8| u32::from(byte.saturating_sub(b'0'));
		let (body, check) = self.0.split_at(13);
		let sum: u32 = body
			.iter()
			.enumerate()
			.map(|(i, byte)| digit(byte) * if i % 2 == 0 { 3 } else { 1 })
			.sum();
		check.first().map(digit) == Some((10 - sum % 10) % 10)
	}
}

/// The longest lot number: GS1 application identifier (10) carries up to 20 characters.
pub const MAX_LOT_NUMBER_LEN: u32 = 20;

/// A lot (batch) number, GS1 application identifier (10): 1 to 20 characters of the GS1
/// character set 82 (digits, letters and `!"%&'()*+,-./:;<=>?_`).
pub type LotNumber = BoundedVec<u8, ConstU32<MAX_LOT_NUMBER_LEN>>;

/// Whether `byte` is in the GS1 character set 82 that lot numbers use.
fn is_gs1_character(byte: u8) -> bool {
	byte.is_ascii_alphanumeric() || b"!\"%&'()*+,-./:;<=>?_".contains(&byte)
}

/// A lot of a product, as every clinic that received it names it: its GTIN and lot number.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ProductLot {
	/// The product.
	pub gtin: Gtin,
	/// The lot number.
	pub lot: LotNumber,
}

impl ProductLot {
	/// Whether the lot number is 1 to 20 characters of the GS1 set.
	pub fn lot_number_is_valid(&self) -> bool {
		!self.lot.is_empty() && self.lot.iter().all(|byte| is_gs1_character(*byte))
	}
}

/// An expiry date, GS1 application identifier (17): year, month and day, day 0 meaning the
/// last day of the month (as GS1 allows). The lot may be used through that day (UTC).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ExpiryDate {
	/// The year, 2000 to 2099 (the years a GS1 two-digit year `YY` stands for).
	pub year: u16,
	/// The month, 1 to 12.
	pub month: u8,
	/// The day, 1 to the month's length, or 0 for its last day.
	pub day: u8,
}

impl ExpiryDate {
	/// When the lot is expired: midnight UTC at the end of the expiry day, in milliseconds
	/// since the Unix epoch; `None` for a date that does not exist.
	pub fn expires_at(&self) -> Option<u64> {
		let (year, month) = (u64::from(self.year), u64::from(self.month));
		if !(2000..=2099).contains(&year) || !(1..=12).contains(&month) {
			return None;
		}
		let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
		let length = match month {
			2 if leap => 29,
			2 => 28,
			4 | 6 | 9 | 11 => 30,
			_ => 31,
		};
		let day = match u64::from(self.day) {
			0 => length,
			day if day <= length => day,
			_ => return None,
		};
		// Days since 1970-01-01 of the date (H. Hinnant's `days_from_civil`, years from March);
		// the year is at most 2099, so nothing overflows, and at least 2000, so nothing but the
		// epoch offset can underflow.
		let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
		let (era, year_of_era) = (y / 400, y % 400);
		let day_of_year = (153 * m + 2) / 5 + day - 1;
		let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
		let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
		days.checked_add(1)?.checked_mul(DAY_MS)
	}
}

/// The longest supplier code, in bytes.
pub const MAX_SUPPLIER_CODE_LEN: u32 = 32;

/// The supplier, as a short code of the clinic's choosing (e.g. its GS1 Global Location
/// Number, 13 digits). A company, never a person.
pub type SupplierCode = BoundedVec<u8, ConstU32<MAX_SUPPLIER_CODE_LEN>>;

/// A lot as it arrives at a clinic: the arguments of `record_arrival`.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct NewLot {
	/// Its GTIN and lot number.
	pub product: ProductLot,
	/// Its expiry date.
	pub expiry: ExpiryDate,
	/// Who supplied it.
	pub supplier: SupplierCode,
	/// How many units arrived (bottles, vials, packs); at least one.
	pub quantity: u32,
	/// Whether it must be kept in the cold chain (e.g. culture media at 2–8 °C).
	pub cold_chain: bool,
}

/// Why a lot leaves a clinic's stock.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DepartureReason {
	/// Used up.
	UsedUp,
	/// Returned to the supplier.
	Returned,
	/// Discarded (damaged, cold chain broken).
	Discarded,
	/// Expired: only once its expiry date has passed.
	Expired,
}

/// When and why a lot left a clinic's stock.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Departure {
	/// Why.
	pub reason: DepartureReason,
	/// When (chain time).
	pub at: u64,
}

/// One clinic's record of one lot.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Lot<AccountId> {
	/// The clinic that received it.
	pub clinic: AccountId,
	/// Its GTIN and lot number.
	pub product: ProductLot,
	/// Its expiry date.
	pub expiry: ExpiryDate,
	/// When it is expired (chain time, from the expiry date).
	pub expires_at: u64,
	/// Who supplied it.
	pub supplier: SupplierCode,
	/// How many units arrived.
	pub quantity: u32,
	/// Whether it is kept in the cold chain.
	pub cold_chain: bool,
	/// When it arrived (chain time).
	pub arrived_at: u64,
	/// When and why it left the stock, once it did.
	pub departure: Option<Departure>,
}

/// A procedure a lot was used in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ProcedureKind {
	/// Embryo or gamete culture (culture medium).
	Culture,
	/// Insemination or ICSI.
	Insemination,
	/// Freezing or vitrification (cryoprotectant).
	Cryopreservation,
	/// Thawing or warming.
	Warming,
	/// Embryo biopsy (e.g. for PGT).
	Biopsy,
	/// Embryo transfer (transfer medium, catheter).
	Transfer,
	/// Any other procedure on specimens.
	Other,
}

/// One use of a lot on one specimen.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct LotUse<AccountId> {
	/// The clinic's lot record used.
	pub lot: LotId,
	/// The clinic that used it.
	pub clinic: AccountId,
	/// The specimen it touched.
	pub specimen: SpecimenId,
	/// In which procedure.
	pub procedure: ProcedureKind,
	/// When it was recorded (chain time).
	pub at: u64,
}

/// A clinic's record of a lot, as listed under the lot's GTIN and lot number.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct LotHolder<AccountId> {
	/// The record.
	pub lot: LotId,
	/// The clinic that holds it.
	pub clinic: AccountId,
}

/// A declared recall of a lot.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Recall<AccountId> {
	/// The clinic that declared it, or `None` for governance.
	pub declared_by: Option<AccountId>,
	/// Hash of the recall notice (e.g. the supplier's field safety notice).
	pub notice: DocumentHash,
	/// When (chain time).
	pub at: u64,
	/// How many specimens it flagged.
	pub specimens_flagged: u32,
}

/// A lot, named by one clinic's record of it or by its GTIN and lot number.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum LotRef {
	/// A clinic's record.
	Record(LotId),
	/// A GTIN and lot number.
	Product(ProductLot),
}

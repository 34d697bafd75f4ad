// SPDX-License-Identifier: GPL-2.0
/*
 * GEO random pool core: geometric counts by inverse transform in integer
 * fixed point (no FPU in the kernel), and the per-CPU pool that the fast
 * path takes them from while a work item refills used-up halves.
 *
 * With U uniform in (0, 1] and L = -log2(1 - p),
 *	G = 1 + floor(-log2(U) / L)
 * gives P(G > k) = P(U <= (1 - p)^k) = (1 - p)^k: geometric on {1, 2, ...}.
 *
 * A draw costs a few multiplies: log2 by a 256-entry table and a short
 * series (absolute error below 2^-45), then a multiply by 1/L, which
 * param_init prepares once with a 64-bit mantissa.
 */
#include "obj_core.h"

/*
 * Table-driven log2: for a mantissa f in [1, 2) with top fraction bits i,
 * f * c_i = 1 + r with |r| < 2^-9, where c_i = geo_recip[i] / 2^32 is
 * 1 / (1 + (i + 1/2) / 256) rounded; geo_log2_recip[i] = -log2(c_i) in
 * units of 2^-62.  log2(f) = -log2(c_i) + log2(1 + r).  The product is
 * exact, so only the tables' rounding and the series' truncation count.
 * The values were computed with 60-digit decimal arithmetic; the host test
 * checks them against libm.
 */
static const u32 geo_recip[256] = {
	0xff803fe0, 0xfe823ca5, 0xfd863087, 0xfc8c15b4, 0xfb93e673, 0xfa9d9d20,
	0xf9a9342d, 0xf8b6a622, 0xf7c5ed9c, 0xf6d7054e, 0xf5e9e7fc, 0xf4fe9082,
	0xf414f9cd, 0xf32d1edf, 0xf246facb, 0xf16288b9, 0xf07fc3e0, 0xef9ea78c,
	0xeebf2f19, 0xede155f4, 0xed05179c, 0xec2a6fa0, 0xeb51599f, 0xea79d14a,
	0xe9a3d25e, 0xe8cf58ab, 0xe7fc600e, 0xe72ae475, 0xe65ae1db, 0xe58c544a,
	0xe4bf37d9, 0xe3f388af, 0xe32942ff, 0xe260630a, 0xe198e51f, 0xe0d2c599,
	0xe00e00e0, 0xdf4a9368, 0xde8879b3, 0xddc7b04c, 0xdd0833ce, 0xdc4a00dc,
	0xdb8d1427, 0xdad16a6b, 0xda17006d, 0xd95dd300, 0xd8a5deff, 0xd7ef2151,
	0xd73996e9, 0xd6853cc1, 0xd5d20fdf, 0xd5200d52, 0xd46f3234, 0xd3bf7ba8,
	0xd310e6da, 0xd2637100, 0xd1b71759, 0xd10bd72c, 0xd061adc9, 0xcfb8988c,
	0xcf1094d4, 0xce69a00d, 0xcdc3b7a9, 0xcd1ed924, 0xcc7b01ff, 0xcbd82fc7,
	0xcb36600d, 0xca95906c, 0xc9f5be85, 0xc956e803, 0xc8b90a96, 0xc81c23f5,
	0xc78031e0, 0xc6e5321d, 0xc64b2278, 0xc5b200c6, 0xc519cae0, 0xc4827ea8,
	0xc3ec1a05, 0xc3569ae6, 0xc2c1ff3d, 0xc22e4506, 0xc19b6a42, 0xc1096cf6,
	0xc0784b2f, 0xbfe80300, 0xbf589280, 0xbec9f7cd, 0xbe3c310c, 0xbdaf3c63,
	0xbd231803, 0xbc97c21e, 0xbc0d38ee, 0xbb837ab1, 0xbafa85a9, 0xba725820,
	0xb9eaf063, 0xb9644cc4, 0xb8de6b99, 0xb8594b40, 0xb7d4ea19, 0xb7514689,
	0xb6ce5ef9, 0xb64c31d9, 0xb5cabd9a, 0xb54a00b5, 0xb4c9f9a5, 0xb44aa6e9,
	0xb3cc0706, 0xb34e1884, 0xb2d0d9ef, 0xb25449d7, 0xb1d866d1, 0xb15d2f75,
	0xb0e2a260, 0xb068be31, 0xafef818c, 0xaf76eb18, 0xaefef982, 0xae87ab76,
	0xae10ffa9, 0xad9af4d0, 0xad2589a3, 0xacb0bce1, 0xac3c8d4a, 0xabc8f9a0,
	0xab5600ab, 0xaae3a136, 0xaa71da0d, 0xaa00aa01, 0xa9900fe6, 0xa9200a92,
	0xa8b098e0, 0xa841b9ad, 0xa7d36bd7, 0xa765ae43, 0xa6f87fd6, 0xa68bdf79,
	0xa61fcc16, 0xa5b4449d, 0xa54947fd, 0xa4ded52c, 0xa474eb1f, 0xa40b88d0,
	0xa3a2ad39, 0xa33a575a, 0xa2d28634, 0xa26b38c8, 0xa2046e1f, 0xa19e253f,
	0xa1385d35, 0xa0d3150c, 0xa06e4bd4, 0xa00a00a0, 0x9fa63284, 0x9f42e095,
	0x9ee009ee, 0x9e7dada9, 0x9e1bcae3, 0x9dba60bb, 0x9d596e54, 0x9cf8f2d1,
	0x9c98ed58, 0x9c395d10, 0x9bda4124, 0x9b7b98c0, 0x9b1d6311, 0x9abf9f48,
	0x9a624c97, 0x9a056a31, 0x99a8f74c, 0x994cf320, 0x98f15ce7, 0x989633db,
	0x983b773b, 0x97e12644, 0x97874039, 0x972dc45b, 0x96d4b1ef, 0x967c083b,
	0x9623c686, 0x95cbec1b, 0x95747844, 0x951d6a4d, 0x94c6c187, 0x94707d3f,
	0x941a9cc8, 0x93c51f75, 0x9370049c, 0x931b4b91, 0x92c6f3ac, 0x9272fc48,
	0x921f64bf, 0x91cc2c6c, 0x917952ae, 0x9126d6e5, 0x90d4b86f, 0x9082f6b0,
	0x9031910a, 0x8fe086e2, 0x8f8fd7a0, 0x8f3f82a8, 0x8eef8766, 0x8e9fe542,
	0x8e509ba8, 0x8e01aa05, 0x8db30fc6, 0x8d64cc5c, 0x8d16df35, 0x8cc947c5,
	0x8c7c057d, 0x8c2f17d2, 0x8be27e39, 0x8b963829, 0x8b4a451a, 0x8afea483,
	0x8ab355e0, 0x8a6858ab, 0x8a1dac60, 0x89d3507d, 0x89894480, 0x893f87e8,
	0x88f61a37, 0x88acfaee, 0x8864298f, 0x881ba59e, 0x87d36ea0, 0x878b841a,
	0x8743e595, 0x86fc9296, 0x86b58aa8, 0x866ecd53, 0x86285a23, 0x85e230a3,
	0x859c5060, 0x8556b8e7, 0x851169c7, 0x84cc6290, 0x8487a2d1, 0x84432a1b,
	0x83fef802, 0x83bb0c18, 0x837765f0, 0x83340520, 0x82f0e93d, 0x82ae11de,
	0x826b7e99, 0x82292f08, 0x81e722c2, 0x81a55963, 0x8163d283, 0x81228dbf,
	0x80e18ab3, 0x80a0c8fb, 0x80604836, 0x80200802,
};

static const u64 geo_log2_recip[256] = {
	0x002e1f0803da3ca3, 0x008a18340c3fbbeb, 0x00e5b61d412511db,
	0x0140f9786a2125bb, 0x019be2f7729ef802, 0x01f6734abe36a011,
	0x0250ab20ac23fbfa, 0x02aa8b2577760011, 0x03041403767ddcdc,
	0x035d46629cbe598b, 0x03b622ea3b446ccc, 0x040eaa3e45eaf4cf,
	0x0466dd01d51b7c65, 0x04bebbd5895b4f33, 0x05164758f28ecfda,
	0x056d8028f0621d2e, 0x05c466e1e0bff358, 0x061afc1d3b6a35b1,
	0x06714073618602fb, 0x06c7347b23aa691e, 0x071cd8c945a7fde2,
	0x07722df12c4cc8b7, 0x07c73484c67b1b00, 0x081bed13ac874894,
	0x0870582d6480cba3, 0x08c4765e8b7a8baa, 0x091848331c26a9ea,
	0x096bce34c3d2abb1, 0x09bf08ec6387e856, 0x0a11f8e12fe66e8e,
	0x0a649e9969e97afe, 0x0ab6fa9915710068, 0x0b090d63819826ff,
	0x0b5ad77a672038ba, 0x0bac595dd3ff2908, 0x0bfd938ce91ed16d,
	0x0c4e86855fddb842, 0x0c9f32c3e108bdcb, 0x0cef98c31f432c7a,
	0x0d3fb8fdd71514d4, 0x0d8f93ebd6719a1e, 0x0ddf2a053e864f5a,
	0x0e2e7bbff386cb3c, 0x0e7d8990cb9c8a33, 0x0ecc53ec57e1506f,
	0x0f1adb44b8689bb2, 0x0f69200c158a9010, 0x0fb722b2df753b19,
	0x1004e3a7bc529a94, 0x105263599d4c9a77, 0x109fa2358cdc6649,
	0x10eca0a7e97a605b, 0x11395f1b7a663dae, 0x1185ddfa3e900f49,
	0x11d21dad5fcc66db, 0x121e1e9cb5a0c7a3, 0x1269e12f27440941,
	0x12b565cb0fbb20a5, 0x1300acd5c1356fe7, 0x134bb6b2229c367b,
	0x139683c4a06df4b1, 0x13e1146eb14378a0, 0x142b6911e582d7cf,
	0x1475820e1295be2a, 0x14bf5fc385c8e927, 0x1509028fd27738c5,
	0x15526ad161c5b7e4, 0x159b98e4b2268c24, 0x15e48d261c37cd16,
	0x162d47eff50db906, 0x1675c99ccba14dbd, 0x16be1286762e33ff,
	0x170623051b326f28, 0x174dfb708845c49e, 0x17959c2029c9976d,
	0x17dd05699bde6a76, 0x182437a2f43648b6, 0x186b332063d6f971,
	0x18b1f8360bcffcf4, 0x18f887368b84aa23, 0x193ee075535e8000,
	0x198504434d8e3027, 0x19caf2f130acb2b1, 0x1a10accff35a6c51,
	0x1a56322edbf4077b, 0x1a9b835c6a9c7b2f, 0x1ae0a0a747931a45,
	0x1b258a5cca60c4cf, 0x1b6a40c8ef410dfa, 0x1baec43938311237,
	0x1bf314f7cb5f9250, 0x1c37335046a092ba, 0x1c7b1f8c4fadf914,
	0x1cbed9f57fd76366, 0x1d0262d55ea8ead3, 0x1d45ba73616fa0e3,
	0x1d88e1175a4c2fc3, 0x1dcbd7087594275a, 0x1e0e9c8db26c6fa8,
	0x1e5131ebdc6e6326, 0x1e939768826bfd02, 0x1ed5cd4871b218ac,
	0x1f17d3d02ffb73e1, 0x1f59ab4270e1a3e7, 0x1f9b53e316fef614,
	0x1fdccdf3a30a0ace, 0x201e19b63772a7db, 0x205f376c901e19ea,
	0x20a02756f5ca232a, 0x20e0e9b5c0382aa1, 0x21217ec8ce11b429,
	0x2161e6cf7f29d7c8, 0x21a2220829d117bc, 0x21e230b11dc8bf6b,
	0x222213079500906d, 0x2261c9493def2aaf, 0x22a153b2a6488de1,
	0x22e0b28040c0d257, 0x231fe5eccbc1a9e3, 0x235eee34fbf1ce19,
	0x239dcb92315fda6c, 0x23dc7e3f31f3841f, 0x241b067691264afa,
	0x245964708859b98d, 0x2497986622de8dab, 0x24d5a290b3c5cf27,
	0x25138327aba44dc6, 0x25513a622de4ad56, 0x258ec87821e5a33d,
	0x25cc2da0062b454e, 0x26096a0fff4b9050, 0x26467dfe5f68506e,
	0x2683699fff52a486, 0x26c02d29dc11e0b5, 0x26fcc8d1a135288f,
	0x27393cca58de51b2, 0x277589483f23cf19, 0x27b1ae7e8b67fd07,
	0x27edaca11505368f, 0x282983e189489894, 0x286534734aad76f7,
	0x28a0be86f8b71fc5, 0x28dc224ee21f62a4, 0x29175ffba71257d6,
	0x295277bf035dd902, 0x298d69c86a857fc6, 0x29c83647d3b9be12,
	0x2a02dd6e4a7d5bb0, 0x2a3d5f696069a2d0, 0x2a77bc69686f563d,
	0x2ab1f49bc2fe89a5, 0x2aec082ffd0bfe18, 0x2b25f753cd3099f3,
	0x2b5fc23432e39410, 0x2b9968fe9a05f332, 0x2bd2ebe0d9e9c98b,
	0x2c0c4b064c731c00, 0x2c45869bd80e0b86, 0x2c7e9ecd9c4a7e9c,
	0x2cb793c7831a127c, 0x2cf065b4118c2b29, 0x2d2914bebbb07d96,
	0x2d61a1122087346b, 0x2d9a0ad933f4251c, 0x2dd2523d76b2aa0a,
	0x2e0a7768b7ee1535, 0x2e427a85142e76d0, 0x2e7a5bbb2a06c457,
	0x2eb21b33dee5acaf, 0x2ee9b9185dfbda0c, 0x2f213590e3787ba4,
	0x2f5890c5520025b9, 0x2f8fcadd2fbf2abc, 0x2fc6e400d94b8889,
	0x2ffddc5679f4e458, 0x3034b40644d22db5, 0x306b6b3599144c53,
	0x30a2020bdaa907d2, 0x30d878aeca318403, 0x310ecf4455a412dc,
	0x314505f2971cc9bf, 0x317b1cddfa49e510, 0x31b1142c4c96bfeb,
	0x31e6ec02e406001f, 0x321ca484bf8c0951, 0x32523dd817c33b82,
	0x3287b8202abb1c15, 0x32bd1380f1792cf2, 0x32f2501d3f93fdeb,
	0x33276e19e1bf9a72, 0x335c6d99dbb759df, 0x33914ebf02f9a3a4,
	0x33c611ac80f57e45, 0x33fab6859121dac7, 0x342f3d6b984395dd,
	0x3463a6800644afca, 0x3497f1e63e880645, 0x34cc1fbe7f80fe60,
	0x3500302af7cb9909, 0x3534234c94d84605, 0x3567f942fe013b28,
	0x359bb23112ad3049, 0x35cf4e35319448bc, 0x3602cd70ef8e5229,
	0x36363003ee897555, 0x3669760dca257ac2, 0x369c9faebd2c342e,
	0x36cfad0505561663, 0x37029e317142675a, 0x373573517f47cff7,
	0x37682c853d5d9a33, 0x379ac9eab2a6b4b9, 0x37cd4ba07c91001a,
	0x37ffb1c47c96cda7, 0x3831fc747ec282c5, 0x38642bcf8c69d7f8,
	0x38963ff1efe3295c, 0x38c838f9d75e4839, 0x38fa1704ac58c2f3,
	0x392bda2f10697bbb, 0x395d829631c405a0, 0x398f10571f64a5af,
	0x39c0838d6e7c2fd3, 0x39f1dc55e92f693f, 0x3a231acd362ad269,
	0x3a543f0f298b86e6, 0x3a8549376fa9f683, 0x3ab639623a0d9f9c,
	0x3ae70fa984ce5d7b, 0x3b17cc2a8895cff0, 0x3b486efee7843778,
	0x3b78f842d12e0c1c, 0x3ba96810370beb44, 0x3bd9be82385ca431,
	0x3c09fbb3118fac2a, 0x3c3a1fbd7b8bc489, 0x3c6a2abb48c1bdcc,
	0x3c9a1cc613e49aec, 0x3cc9f5f8a3253fbf, 0x3cf9b66cd22f8876,
	0x3d295e3adbceb4d4, 0x3d58ed7cd6037555, 0x3d88644c9a8d2e38,
	0x3db7c2c25d1c8189, 0x3de708f7784b8001, 0x3e1637045117db5a,
	0x3e454d02734cc31f, 0x3e744b09079eb9b1, 0x3ea33131c6798556,
	0x3ed1ff934b2449c8, 0x3f00b6477729c42d, 0x3f2f55650a7883aa,
	0x3f5ddd03e7127597, 0x3f8c4d3c5b5fe493, 0x3fbaa624fa184b59,
	0x3fe8e7d57710eb58,
};

/* 2^62 / ln(2) */
#define GEO_INV_LN2_Q62		0x5c551d94ae0bf85eULL
/* A fixed-point log2 value in units of 2^-58: up to 32 fits with room. */
#define GEO_Q			58

static inline s64 geo_mulhs(s64 a, s64 b)
{
	return (s64)(((__int128)a * b) >> 64);
}

/*
 * ln(1 + r / 2^64) in units of 2^-64 for |r| < 2^55: the series to r^4,
 * whose remainder is below 2^-47.
 */
static inline s64 geo_ln1p(s64 r)
{
	s64 r2 = geo_mulhs(r, r);
	s64 r3 = geo_mulhs(r2, r);
	s64 r4 = geo_mulhs(r3, r);

	return r - r2 / 2 + r3 / 3 - r4 / 4;
}

/* log2(x) in units of 2^-GEO_Q, for 1 <= x < 2^33. */
static inline u64 geo_log2_q58(u64 x)
{
	u32 n = 63 - (u32)__builtin_clzll(x);
	u64 f = x << (63 - n);	/* 1.63; at most 33 significant bits */
	u32 i = (u32)(f >> 55) & 0xff;
	s64 r, frac;

	if (f == 1ULL << 63)	/* a power of two: exact */
		return (u64)n << GEO_Q;
	/* f / 2^63 * c_i - 1 in units of 2^-64; the wrap drops the 1 */
	r = (s64)((f >> 31) * geo_recip[i]);
	frac = (s64)geo_log2_recip[i] +
	       geo_mulhs(geo_ln1p(r), (s64)GEO_INV_LN2_Q62);
	if (frac < 0)
		frac = 0;
	return ((u64)n << GEO_Q) + ((u64)frac >> (62 - GEO_Q));
}

u64 enetstl_log2_q32(u64 x)
{
	u32 n = 63 - (u32)__builtin_clzll(x);
	u32 drop = n > 32 ? n - 32 : 0;

	/* Keep 33 significant bits: the truncation costs < 2^-31. */
	return (geo_log2_q58(x >> drop) >> (GEO_Q - 32)) + ((u64)drop << 32);
}

/* floor(2^126 / d) for d >= 2^63, by long division (init only). */
static u64 geo_recip126(u64 d)
{
	u64 rem = 1ULL << 62, q = 0;
	bool carry;
	int i;

	/* 2^126 = (2^62 << 64): the first 64 quotient bits are 0. */
	for (i = 63; i >= 0; i--) {
		carry = rem >> 63;
		rem <<= 1;
		q <<= 1;
		if (carry || rem >= d) {
			rem -= d;
			q |= 1;
		}
	}
	return q;
}

/*
 * -log2(1 - p) for p = num / (num + d) < 2^-9, i.e. log2(1 + t) with
 * t = num / d, as L = *l / 2^(return value) with 58 or more significant
 * bits: L is then too small for a difference of two logs.
 */
static u32 geo_small_neglog2(u32 num, u32 d, u64 *l)
{
	u64 t, rem, tn, h, t2, t3, t4;
	u32 k;

	/* t * 2^64, a long division in 32-bit steps */
	t = enetstl_div64((u64)num << 32, d);
	rem = ((u64)num << 32) - t * d;
	h = enetstl_div64(rem << 32, d);
	rem = (rem << 32) - h * d;
	t = (t << 32) | h;
	/* t normalized to [2^62, 2^63): k <= 30 more quotient bits */
	k = (u32)__builtin_clzll(t) - 1;
	tn = (t << k) | enetstl_div64(rem << k, d);
	/* ln(1 + t) = t (1 - h), h = t/2 - t^2/3 + t^3/4 - t^4/5 + ... */
	t2 = (u64)geo_mulhs((s64)t, (s64)t);
	t3 = (u64)geo_mulhs((s64)t2, (s64)t);
	t4 = (u64)geo_mulhs((s64)t3, (s64)t);
	h = t / 2 - t2 / 3 + t3 / 4 - t4 / 5;
	/* units: tn 2^-(64+k), (1 - h) 2^-62, 1/ln2 2^-62 */
	*l = (u64)geo_mulhs(geo_mulhs((s64)tn, (s64)((1ULL << 62) - (h >> 2))),
			    (s64)GEO_INV_LN2_Q62);
	return 60 + k;
}

int enetstl_geo_param_init(struct enetstl_geo_param *gp, u32 num, u32 den)
{
	u32 d = den - num, scale, sh;
	u64 l;

	if (!num || num > den)
		return -EINVAL;
	gp->always = num == den;
	gp->recip = 0;
	gp->shift = 0;
	if (gp->always)
		return 0;
	if (num <= d >> 9) {
		scale = geo_small_neglog2(num, d, &l);
	} else {
		l = geo_log2_q58(den) - geo_log2_q58(d);
		scale = GEO_Q;
	}
	if (!l)
		l = 1;
	/* L = l / 2^scale = (l << sh) / 2^(scale + sh), l << sh >= 2^63 */
	sh = (u32)__builtin_clzll(l);
	gp->recip = geo_recip126(l << sh);
	/* E / L = e * recip / 2^(126 + GEO_Q - scale - sh) */
	gp->shift = 126 + GEO_Q - scale - sh;
	return 0;
}

u32 enetstl_geo_draw(const struct enetstl_geo_param *gp, u32 rnd)
{
	unsigned __int128 prod;
	u64 e, q;

	if (gp->always)
		return 1;
	/* -log2(U) with U = (rnd + 1) / 2^32 in (0, 1]. */
	e = (32ULL << GEO_Q) - geo_log2_q58((u64)rnd + 1);
	prod = ((unsigned __int128)e * gp->recip) >> gp->shift;
	q = prod >> 64 ? ENETSTL_GEO_MAX_CNT : (u64)prod;
	return q >= ENETSTL_GEO_MAX_CNT ? ENETSTL_GEO_MAX_CNT : (u32)q + 1;
}

/*
 * Table size: a bucket spans at most log2(1 + 2^-bits) < 1.45 * 2^-bits of
 * -log2(U), a step of the count is L, and the count at U = 2^-32 is about
 * 32 / L: 22 << bits >= that count keeps most buckets within one step.
 * Smaller p needs more bits than the cap; its buckets fall back to full
 * draws, but then draws are rare (one per 1/p trials) anyway.
 */
static u32 geo_fast_bits(const struct enetstl_geo_param *gp)
{
	u32 top = enetstl_geo_draw(gp, 0), bits = 2;

	while (bits < ENETSTL_GEO_FAST_MAX_BITS && (22U << bits) < top)
		bits++;
	return bits;
}

size_t enetstl_geo_fast_size(const struct enetstl_geo_param *gp)
{
	if (gp->always)
		return 0;
	return sizeof(struct enetstl_geo_fast) +
	       (33 * sizeof(struct enetstl_geo_step) << geo_fast_bits(gp));
}

/* The count for x = rnd + 1, 1 <= x <= 2^32. */
static u32 geo_draw_x(const struct enetstl_geo_param *gp, u64 x)
{
	return enetstl_geo_draw(gp, (u32)(x - 1));
}

void enetstl_geo_fast_build(const struct enetstl_geo_param *gp,
			    struct enetstl_geo_fast *fast)
{
	u32 bits = geo_fast_bits(gp), n, j, gmin, gmax;
	struct enetstl_geo_step *st;
	u64 lo, hi, a, b, m;

	fast->bits = bits;
	memset(fast->step, 0, 33 * sizeof(*fast->step) << bits);
	/* Buckets of x < 2^bits stay 0: rare, and some are empty. */
	for (n = bits; n <= 32; n++) {
		for (j = 0; j < 1U << bits; j++) {
			st = &fast->step[(n << bits) | j];
			lo = (1ULL << n) + ((u64)j << (n - bits));
			hi = lo + (1ULL << (n - bits)) - 1;
			if (lo > 1ULL << 32)
				break;
			if (hi > 1ULL << 32)
				hi = 1ULL << 32;
			/* The count does not grow with x. */
			gmax = geo_draw_x(gp, lo);
			gmin = geo_draw_x(gp, hi);
			if (gmax == gmin) {
				st->g = gmin;
				continue;
			}
			if (gmax != gmin + 1)
				continue;
			/* Smallest x in (lo, hi] whose count is gmin. */
			a = lo;
			b = hi;
			while (b - a > 1) {
				m = a + (b - a) / 2;
				if (geo_draw_x(gp, m) == gmin)
					b = m;
				else
					a = m;
			}
			st->g = gmin;
			st->thr = (u32)(b - 1);
		}
	}
}

u32 enetstl_geo_draw_fast(const struct enetstl_geo_param *gp,
			  const struct enetstl_geo_fast *fast, u32 rnd)
{
	u64 x = (u64)rnd + 1;
	u32 n = 63 - (u32)__builtin_clzll(x), bits, b;
	const struct enetstl_geo_step *st;

	if (!fast)
		return enetstl_geo_draw(gp, rnd);
	bits = fast->bits;
	/* top bit of x, then the next `bits` bits: the bucket in its octave */
	b = (u32)((x << (63 - n)) >> (63 - bits)) & ((1U << bits) - 1);
	st = &fast->step[(n << bits) | b];
	if (st->g)
		return st->g + (rnd < st->thr);
	return enetstl_geo_draw(gp, rnd);
}

u32 enetstl_geo_take(struct enetstl_geo_cpu *pc,
		     const struct enetstl_geo_param *gp, bool *refill)
{
	u32 i = pc->idx & (ENETSTL_GEO_POOL_SIZE - 1);
	u32 h = i / ENETSTL_GEO_HALF;
	u32 next = (i + 1) & (ENETSTL_GEO_POOL_SIZE - 1);
	u32 v;

	/* A half not refilled yet: draw now rather than reuse a count. */
	if (enetstl_load_acquire(&pc->fresh[h]))
		v = pc->vals[i];
	else
		v = enetstl_geo_draw(gp, enetstl_random_u32());
	pc->idx = next;
	if (next % ENETSTL_GEO_HALF == 0) {
		enetstl_write_once(pc->fresh[h], 0);
		*refill = true;
	}
	return v;
}

bool enetstl_geo_should_do(struct enetstl_geo_cpu *pc,
			   const struct enetstl_geo_param *gp, bool *refill)
{
	if (!pc->countdown)
		pc->countdown = enetstl_geo_take(pc, gp, refill);
	pc->countdown--;
	return pc->countdown == 0;
}

void enetstl_geo_refill(struct enetstl_geo_cpu *pc,
			const struct enetstl_geo_param *gp,
			const struct enetstl_geo_fast *fast)
{
	u32 h, i;

	/*
	 * The fast path only reads a half marked fresh and only ever clears
	 * the mark, so a half seen stale here is not read while written.
	 */
	for (h = 0; h < 2; h++) {
		if (enetstl_load_acquire(&pc->fresh[h]))
			continue;
		for (i = h * ENETSTL_GEO_HALF; i < (h + 1) * ENETSTL_GEO_HALF;
		     i++)
			pc->vals[i] = enetstl_geo_draw_fast(gp, fast,
							    enetstl_random_u32());
		enetstl_store_release(&pc->fresh[h], 1);
	}
}

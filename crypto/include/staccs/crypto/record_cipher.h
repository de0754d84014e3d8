// Authenticated encryption of records at rest (XChaCha20-Poly1305, random 24-byte nonces).
// Sealed form: nonce || ciphertext || tag. The associated data binds a record to its place
// (table and row id), so a blob moved to another row does not open.
#pragma once

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::crypto {

inline constexpr std::size_t kRecordKeySize = 32;
inline constexpr std::size_t kRecordOverhead = 24 + 16;

// key must be kRecordKeySize bytes.
Bytes SealRecord(const SecretBytes& key, ByteView plaintext, ByteView associated_data);
// Returns the plaintext, or an error and nothing partial if anything was altered. What a record
// holds is private (answers, keys, metadata), so the plaintext wipes itself when freed.
Result<WipedBytes> OpenRecord(const SecretBytes& key, ByteView sealed, ByteView associated_data);
// The same, for plaintext that is itself a secret (a wrapped key).
Result<SecretBytes> OpenSecretRecord(const SecretBytes& key, ByteView sealed,
                                     ByteView associated_data);

}  // namespace staccs::crypto

#include "staccs/crypto/stream_cipher.h"

#include <sodium.h>

namespace staccs::crypto {

static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == kStreamHeaderSize);
static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == kStreamChunkOverhead);
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == kStreamKeySize);

using State = crypto_secretstream_xchacha20poly1305_state;

StreamEncryptor::StreamEncryptor(const SecretBytes& key, Bytes& out)
    : out_(out), state_(new std::uint8_t[sizeof(State)]) {
  Initialize();
  std::uint8_t header[kStreamHeaderSize];
  crypto_secretstream_xchacha20poly1305_init_push(reinterpret_cast<State*>(state_.get()), header, key.data());
  out_.insert(out_.end(), header, header + kStreamHeaderSize);
}

StreamEncryptor::~StreamEncryptor() { sodium_memzero(state_.get(), sizeof(State)); }

void StreamEncryptor::Push(ByteView chunk, ByteView ad, bool final) {
  const std::size_t at = out_.size();
  out_.resize(at + chunk.size() + kStreamChunkOverhead);
  PushTo(out_.data() + at, chunk, ad, final);
}

void StreamEncryptor::PushTo(std::uint8_t* out, ByteView chunk, ByteView ad, bool final) {
  crypto_secretstream_xchacha20poly1305_push(
      reinterpret_cast<State*>(state_.get()), out, nullptr, chunk.data(), chunk.size(),
      ad.empty() ? nullptr : ad.data(), ad.size(),
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
}

Result<StreamDecryptor> StreamDecryptor::Start(const SecretBytes& key, ByteView header) {
  Initialize();
  if (header.size() != kStreamHeaderSize || key.size() != kStreamKeySize)
    return Error::BadInput("encrypted stream header is malformed");
  StreamDecryptor d;
  d.state_.reset(new std::uint8_t[sizeof(State)]);
  if (crypto_secretstream_xchacha20poly1305_init_pull(reinterpret_cast<State*>(d.state_.get()), header.data(),
                                                      key.data()) != 0)
    return Error::BadInput("encrypted stream header is malformed");
  return d;
}

StreamDecryptor::~StreamDecryptor() {
  if (state_) sodium_memzero(state_.get(), sizeof(State));
}

Result<WipedBytes> StreamDecryptor::Pull(ByteView sealed, ByteView ad, bool& final) {
  if (sealed.size() < kStreamChunkOverhead) return Error::BadInput("encrypted chunk is truncated");
  WipedBytes out(sealed.size() - kStreamChunkOverhead);  // wiped when freed, a failure included
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(reinterpret_cast<State*>(state_.get()), out.data(), nullptr, &tag,
                                                 sealed.data(), sealed.size(), ad.empty() ? nullptr : ad.data(),
                                                 ad.size()) != 0) {
    return Error::BadInput("encrypted content does not authenticate");
  }
  final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  return out;
}

}  // namespace staccs::crypto

// cpp-httplib's view of one request on a gate connection: the canonical head the gate framed
// (request_framing.h) instead of the client's own, then the body bytes the gate already read,
// then the socket. Every read and write must
// progress within the gate's io_timeout, and the request as a whole must keep up the gate's
// minimum average rate after its grace period, so a trickled body loses its worker.
#pragma once

#include <httplib.h>

#include <chrono>

#include "connection_gate.h"

namespace staccs::sync {

class GateStream final : public httplib::Stream {
 public:
  GateStream(GateConnection& connection, ConnectionGate& gate);
  ~GateStream() override;

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  // True once the request's body (as its head announced it) has been read whole, so the
  // connection can carry another request.
  bool BodyFullyRead() const;

 private:
  bool WaitFor(bool write) const;  // false on timeout, deadline or error
  std::chrono::steady_clock::time_point Deadline() const;

  GateConnection& c_;
  ConnectionGate& gate_;
  std::chrono::steady_clock::time_point start_;
  std::string head_;                 // the canonical head, served first
  std::size_t head_served_ = 0;
  std::uint64_t body_length_;
  std::uint64_t consumed_ = 0;       // body bytes handed to cpp-httplib
  std::uint64_t from_socket_ = 0;    // read by this stream (the gate counts its own)
};

}  // namespace staccs::sync

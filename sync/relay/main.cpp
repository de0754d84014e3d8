// staccs-relay: the store-and-forward relay (SPEC §5). This build only knows its flags; the
// server arrives with the relay issue, on the sync engine in this library.
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << "usage: staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--upstream URL]...\n"
                   "                    [--config FILE] [--tls-cert F --tls-key F] [--print-key]\n";
      return 0;
    }
    if (a == "--version") {
      std::cout << "staccs-relay 0.1.0\n";
      return 0;
    }
  }
  std::cerr << "staccs-relay: this build does not serve yet (the relay is not implemented in 0.1.0)\n";
  return 1;
}

// jemalloc's settings for the server; compiled only when the server links jemalloc
// (CMakeLists.txt, EC2SIM_JEMALLOC), which reads this symbol when it starts.
//
// jemalloc keeps freed pages for a while before giving them back, and by default gives
// them back lazily (MADV_FREE: still counted in RSS) and only while some thread is
// allocating. A server that just evicted idle accounts' documents, or answered a burst,
// then sits quiet: a background thread returns what was freed within about a second,
// for good (MADV_DONTNEED). Measured (10,000 instances in 100 accounts, all evicted):
// RSS 67.7 MiB with jemalloc's defaults, 27.0 MiB with these.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Windows builds under Wine 8 (Debian 12).
 *
 * Rust's standard library (1.78 and later) takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and later have and Wine 8 does not: without this DLL a
 * Rust .exe exits at once with status 53 (WINEDEBUG=err+module names the missing DLL). ProcessPrng
 * is here over RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 *
 * Test-only: `cargo xtask test` builds it with x86_64-w64-mingw32-gcc into a throwaway WINEPREFIX's
 * system32 under the build cache. Never ship it: real Windows has its own.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

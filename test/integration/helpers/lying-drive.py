#!/usr/bin/python3
"""A lying drive: a FUSE file system that passes everything through to a backing folder but
silently flips one byte of every file's stored data when the file is synced or closed after a
write, as a failing USB stick does. Mounted with kernel_cache, so the page cache keeps the bytes
that were written across close and reopen: a plain read returns them, a read that reaches the
drive (O_DIRECT) returns the flipped ones. The file's times are put back after the flip so the
kernel has no reason to drop its cache.

Usage: lying-drive.py [--honest] [--refuse-direct] BACKING_DIR MOUNT_POINT
  --honest         store the bytes as written (no flip)
  --refuse-direct  refuse O_DIRECT opens with EINVAL, as some file systems do
Runs in the foreground; unmount with fusermount -u.
"""
import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class LyingDrive(Operations):
    def __init__(self, root, lie=True, refuse_direct=False):
        self.root = os.path.realpath(root)
        self.lie = lie
        self.refuse_direct = refuse_direct
        self.dirty = set()

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def _lie(self, fh):
        """Flips the byte in the middle of the file behind `fh`, keeping its times."""
        if not self.lie or fh not in self.dirty:
            return
        self.dirty.discard(fh)
        stats = os.fstat(fh)
        if stats.st_size == 0:
            return
        at = stats.st_size // 2
        byte = os.pread(fh, 1, at)
        os.pwrite(fh, bytes([byte[0] ^ 0xFF]), at)
        os.fsync(fh)
        os.utime(fh, ns=(stats.st_atime_ns, stats.st_mtime_ns))

    # Files and folders, passed through.
    def access(self, path, mode):
        if not os.access(self._full(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid', 'st_blocks')
        return {key: getattr(st, key) for key in keys}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def readlink(self, path):
        return os.readlink(self._full(path))

    def mknod(self, path, mode, dev):
        return os.mknod(self._full(path), mode, dev)

    def mkdir(self, path, mode):
        return os.mkdir(self._full(path), mode)

    def rmdir(self, path):
        return os.rmdir(self._full(path))

    def unlink(self, path):
        return os.unlink(self._full(path))

    def symlink(self, target, source):
        return os.symlink(source, self._full(target))

    def rename(self, old, new):
        return os.rename(self._full(old), self._full(new))

    def chmod(self, path, mode):
        return os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        return os.chown(self._full(path), uid, gid)

    def utimens(self, path, times=None):
        return os.utime(self._full(path), times)

    def truncate(self, path, length, fh=None):
        with open(self._full(path), 'r+') as f:
            f.truncate(length)

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        keys = ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax')
        return {key: getattr(st, key) for key in keys}

    def open(self, path, flags):
        # O_DIRECT is the kernel's business; the backing file is opened plainly, and read-write
        # when written, so the lie can read the byte it flips.
        direct = getattr(os, 'O_DIRECT', 0)
        if self.refuse_direct and flags & direct:
            raise FuseOSError(errno.EINVAL)
        flags &= ~direct
        if flags & os.O_ACCMODE != os.O_RDONLY:
            flags = (flags & ~os.O_ACCMODE) | os.O_RDWR
        return os.open(self._full(path), flags)

    def create(self, path, mode, fi=None):
        return os.open(self._full(path), os.O_RDWR | os.O_CREAT | os.O_TRUNC, mode)

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, data, offset, fh):
        self.dirty.add(fh)
        return os.pwrite(fh, data, offset)

    def flush(self, path, fh):
        return None

    def fsync(self, path, datasync, fh):
        self._lie(fh)
        return os.fsync(fh)

    def release(self, path, fh):
        self._lie(fh)
        return os.close(fh)


if __name__ == '__main__':
    options = [a for a in sys.argv[1:] if a.startswith('--')]
    paths = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(paths) != 2 or set(options) - {'--honest', '--refuse-direct'}:
        sys.exit(__doc__)
    drive = LyingDrive(paths[0], lie='--honest' not in options, refuse_direct='--refuse-direct' in options)
    FUSE(drive, paths[1], foreground=True, nothreads=True, kernel_cache=True)

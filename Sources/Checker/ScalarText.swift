extension String {
    /// The text of `scalars`. Making it through `String.UnicodeScalarView(slice)` appends each
    /// scalar through the generic sequence path, hundreds of instructions a scalar, and the
    /// formula parsers make a string of every token they judge; this encodes each in place.
    init(scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}

"""Media evidence (issue 15): the photo, video and audio a hoax travels with.

`types` is the contract between the parts: `facts` reads what a file is from its bytes and
refuses what it must not take, `fingerprints` makes perceptual fingerprints and compares them,
`credentials` reads C2PA content credentials, `altered` locates a local change in a near copy of
an official item, `locker` keeps the files write-once by their SHA-256, `catalogue` stores and
searches the fingerprints of archived and official media.
"""

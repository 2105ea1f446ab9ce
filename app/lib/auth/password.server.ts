import { readFileSync } from 'node:fs'
import path from 'node:path'
import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id parameters; never the library defaults. Algorithm 2 is Argon2id (a const
// enum in the binding's types, which isolated modules cannot read).
const argon2idOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2idOptions)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** Verifying against this keeps a sign-in for an unknown email as slow as for a known one. */
let dummyHash: Promise<string> | undefined
export function timingSafeDummyVerify(password: string) {
  dummyHash ??= hashPassword('liaison-dummy-password-for-timing')
  return dummyHash.then((hashed) => verifyPassword(hashed, password))
}

let commonPasswords: Set<string> | undefined

/** The 10,000 most common passwords from public breach corpora (shipped, no network check). */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(readFileSync(path.resolve('app/lib/auth/common-passwords.txt'), 'utf8').split('\n').filter(Boolean))
  return commonPasswords.has(password.toLowerCase())
}

export const commonPasswordMessage = 'This password is among the most common breached passwords. Choose another.'

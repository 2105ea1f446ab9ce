import { describe, expect, it } from 'vitest'
import { hashPassword, isCommonPassword, verifyPassword } from './password.server'
import { newPasswordField } from './password-schema'

describe('passwords', () => {
  it('hashes with argon2id m=19456, t=2, p=1 and verifies', async () => {
    const hashed = await hashPassword('a long and unusual phrase')
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(hashed, 'a long and unusual phrase')).toBe(true)
    expect(await verifyPassword(hashed, 'a long and unusual phrasE')).toBe(false)
    expect(await verifyPassword('not a hash', 'anything')).toBe(false)
  })

  it('accepts 8 to 128 characters and no composition rules', () => {
    expect(newPasswordField.safeParse('short').success).toBe(false)
    expect(newPasswordField.safeParse('x'.repeat(129)).success).toBe(false)
    expect(newPasswordField.safeParse('alllowercaseletters').success).toBe(true)
    expect(newPasswordField.safeParse('x'.repeat(128)).success).toBe(true)
  })

  it('knows the common breached passwords, whatever their case', () => {
    expect(isCommonPassword('password1')).toBe(true)
    expect(isCommonPassword('Iloveyou')).toBe(true)
    expect(isCommonPassword('qwertyuiop')).toBe(true)
    expect(isCommonPassword('liaison-demo-2026')).toBe(false)
  })
})

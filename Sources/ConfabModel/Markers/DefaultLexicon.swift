/// The lexicon confab ships with, in the same format users write (docs/lexicon.md).
/// `confab markers --print-lexicon` prints it as a starting point for a user file.
/// Sources: EMBER's strengtheners and weakeners, the Szeged/CoNLL-2010 epistemic and doxastic
/// cue types, Hyland-style hedge and booster lists, and self-correction markers from the
/// reasoning-model literature (DeepSeek-R1's reflective terms, s1's "Wait").
enum DefaultLexicon {
  static let text = """
    # confab marker lexicon
    # One phrase per line under a [section]. Matching is case-insensitive, on word boundaries,
    # across token boundaries. Options after "|":
    #   start            only at the start of a sentence or clause
    #   negated=CLASS    when a negation precedes within three words, report as CLASS
    #   negated-only=CLASS   match only when negated, and report as CLASS
    #   weak             only when the same sentence holds a [support] word
    #   lower            not when capitalized mid-sentence (the month "May")
    #   questions        also inside questions (hedges and assertions in questions are skipped)

    [hedge]
    i think | negated=hedge
    i believe
    i guess
    i suspect
    i assume
    i suppose
    i feel like
    i would say
    i'd say
    i'm not sure
    i am not sure
    i'm not entirely sure
    i am unsure
    not sure | questions
    not entirely sure
    not completely sure
    not entirely certain
    not completely certain
    not entirely clear
    not be entirely accurate
    i don't know
    i do not know
    i cannot say for certain
    i can't say for certain
    i cannot say with certainty
    i cannot say with absolute certainty
    i cannot provide a definitive answer
    i can't provide a definitive answer
    i cannot be certain
    i can't be certain
    cannot be completely certain
    hard to say
    difficult to say
    it is possible
    it's possible
    it is possible that
    possible that
    possibly
    possible
    probably
    probable
    perhaps
    maybe
    likely | negated=hedge
    unlikely
    seems unlikely
    seem unlikely
    may not be
    might not be
    may not be entirely accurate
    it seems
    seems
    seem
    seemed
    seemingly
    appears to
    appear to
    appeared to
    it appears
    apparently
    presumably
    supposedly
    allegedly
    alleged
    reportedly
    arguably
    conceivably
    potentially
    might
    may | lower
    may or may not
    could be
    could have
    could also
    it could be
    could potentially
    unclear
    it is not clear
    it's not clear
    uncertain
    unsure
    as far as i know
    to my knowledge
    to the best of my knowledge
    if i recall correctly
    if i remember correctly
    i'm not certain
    not 100% sure
    not 100% certain
    is thought to
    are thought to
    was thought to
    is believed
    are believed
    was believed
    were believed
    is considered
    are considered
    was considered
    were considered
    be considered
    widely considered
    is regarded as
    are regarded as
    was regarded as
    regarded as
    suggests that
    suggested that
    suggest that
    suggesting that
    is suggested
    it has been suggested
    speculated
    rumored
    rumoured
    believed to
    thought to be
    assumed to
    is expected to
    are expected to
    in my opinion
    in my view
    i'd guess
    my guess is
    my best guess
    believe | negated=hedge
    believes
    believed
    believing
    think that
    thinks that
    thought that
    some think
    many think
    considered
    considers
    seen as
    viewed as
    perceived as
    thought of as
    regarded by
    suspected
    assumed
    presumed
    no evidence
    little is known
    the possibility that
    a possibility
    accused of
    allegations
    allege
    alleges
    i'm guessing

    [ignore]
    as long as possible
    as soon as possible
    as much as possible
    as far as possible
    as quickly as possible
    as many as possible
    if possible
    where possible
    wherever possible
    whenever possible
    when possible
    possible to
    it is possible to
    it's possible to
    made possible
    make it possible
    you may
    we may
    one may
    users may
    may be used
    i think so

    [assertion]
    definitely
    certainly
    undoubtedly
    indisputably
    unquestionably
    without a doubt
    without any doubt
    without doubt
    beyond doubt
    no doubt
    confidently
    with high certainty
    with a high certainty
    with high confidence
    with a high degree of certainty
    high certainty level
    high confidence level
    there is no doubt
    there's no doubt
    clearly
    obviously
    of course
    absolutely certain
    absolutely certainly
    absolutely sure
    absolutely
    completely certain
    completely confident
    very confident
    very certain
    highly confident
    i am confident | negated=hedge
    i'm confident | negated=hedge
    i am certain | negated=hedge
    i'm certain | negated=hedge
    i am sure | negated=hedge
    i'm sure | negated=hedge
    i know | negated=hedge
    i can confidently say
    i can confirm
    i can assure you
    rest assured
    confident that | negated=hedge
    certain that | negated=hedge
    sure | negated-only=hedge
    certain | negated-only=hedge
    confident | negated-only=hedge
    clear | negated-only=hedge
    accurate | negated-only=hedge
    certainty level: high
    confidence level: high
    high degree of certainty
    high degree of confidence
    high level of confidence
    high level of certainty
    my confidence level for this answer is high
    my certainty level for this answer is high
    the answer is
    the correct answer is
    the answer is definitely
    it is well known
    it's well known
    it is a well-known fact
    it is a fact that
    the fact is
    for sure
    100% sure
    100% certain
    guaranteed

    [correction]
    wait , | start questions
    wait . | start questions
    wait ! | start questions
    wait wait | start questions
    hold on | start questions
    hang on | start questions
    hmm , wait | start questions
    oh wait | start questions
    actually , | start questions
    actually no | start questions
    actually i | start questions
    actually it | start questions
    actually the | start questions
    actually that | start questions
    actually this | start questions
    no , wait | start questions
    no wait | start questions
    oops | start questions
    correction : | start questions
    let me correct | questions
    let me correct that | questions
    let me correct myself | questions
    let me fix that | questions
    let me reconsider | questions
    let me re-evaluate | questions
    let me reevaluate | questions
    let me recheck | questions
    let me re-check | questions
    let me double-check | questions
    let me double check | questions
    let me check again | questions
    let me think again | questions
    let me recalculate | questions
    let me try again | questions
    let me start over | questions
    on second thought | questions
    on reflection | questions
    scratch that | questions
    i was wrong | questions
    i made a mistake | questions
    i made an error | questions
    i made a mistake in | questions
    i misspoke | questions
    i miscalculated | questions
    i misread | questions
    my mistake | questions
    my apologies for the error | questions
    i apologize for the error | questions
    i apologize for the mistake | questions
    i apologize for the confusion | questions
    i apologize for any confusion | questions
    sorry , i | start questions
    sorry for the confusion | questions
    sorry about that | questions
    that's not right | questions
    that is not right | questions
    that's incorrect | questions
    that is incorrect | questions
    that was incorrect | questions
    that's wrong | questions
    that is wrong | questions
    i stand corrected | questions
    rather , | start
    i mean , | start
    to correct | start
    however | start weak
    but | start weak

    [negation]
    not
    no
    never
    cannot
    nor
    neither
    hardly
    without

    [support]
    wrong
    mistake
    mistaken
    incorrect
    error
    erroneous
    miscalculated
    correction
    actually
    misspoke
    recheck
    reconsider

    [clause-openers]
    and
    but
    so
    oh
    hmm
    well
    okay
    ok
    no
    yes
    then
    """
}

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
    #   questions        also inside questions (hedges and assertions in questions are skipped,
    #                    but for a hedge opening its clause or a stance hedge: "Maybe 2018?")
    #   reply            only in a reply that follows an earlier assistant turn
    #   number           only right before a number (an approximator: "around 88")
    #   strength=S       how strongly the cue hedges, boosts or retracts, 0-1
    # "@family NAME strength=S [stance]" names the family of the entries below it and their
    # default strength; "stance" cues state a person's own state ("not sure", "I was wrong"),
    # so after "she said" they are hers, not the writer's. "(a|b|)" in a phrase stands for each alternative ("" drops the word).

    [hedge]
    @family first-person-belief strength=0.5 stance
    i think | negated=hedge
    i believe
    i guess
    i suspect
    i assume
    i suppose
    i feel like
    i would say
    i'd say
    in my opinion
    in my view
    i'd guess
    my guess is
    my best guess
    i'm guessing
    (i'd|i would|i'll) venture
    (i'm|i am) leaning (towards|toward)
    (i|i'd|i would|it) (lean|leans) (towards|toward)
    i want to say
    my (initial|first|gut) (thought|instinct|feeling|reaction) is
    (i'd|i would) estimate
    my (best|rough|) estimate (is|would be)
    i have a (feeling|hunch|sense)
    i reckon
    (i'd|i would) (tentatively|hesitantly|cautiously) say
    (i'm|i am) hesitant to say
    (this is|that's|that is|it's) (just|only|merely|) a guess
    don't quote me
    (i'd|i would) want to (verify|check|double-check|confirm)
    i could be wrong
    # A fifth round, from the unseen rated dev half's misses (docs/markers.md): the writer's own
    # guess named as such, and a name that only feels familiar.
    (i'm|i am) (probably|possibly|likely|quite possibly) (wrong|mistaken)
    at a guess
    my (gut|instinct|intuition|hunch) (says|tells me|suggests)
    (rings|ring) a bell
    sounds (vaguely|somewhat|faintly|) familiar
    (i'll|i will) (tentatively|cautiously|) (speculate|suggest)
    (i'd|i would) (tentatively|cautiously|) speculate
    (i'd|i would) (tentatively|cautiously) suggest
    i might be wrong
    i (tentatively|hesitantly|cautiously) (think|believe|say|suggest)
    (i'd|i would|let me) hazard a guess
    if i (had|have) to (guess|pick|say|choose|venture a guess|bet)
    i hesitate to (say|answer)
    (i'm|i am) doubting
    (a|this is a|it's a) (total|complete|pure|wild|blind) guess
    throwing (this|it) out there
    out of thin air
    (i'd|i would) suggest
    # The guessing and leaning forms of the Columbia hedge dictionary's hRel verbs (guess,
    # imagine, impression, "my thinking is"), as LLMs write them when asked for less confidence.
    my (best|) guess (would be|'d be|is that)
    (i would|i'll|i will) guess
    (i'm|i am|i feel) inclined to (say|think|believe|guess)
    (i'm|i am) under the impression
    i get the (sense|impression|feeling)
    take a stab
    (i'd|i would|i'll|i will) go out on a limb
    my (thinking|feeling|sense|hunch|instinct) is
    i imagine
    i tend to (think|believe)

    @family admitted-uncertainty strength=0.8 stance
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
    (can't|cannot|can not) guarantee
    not in a position to (say|give|confirm|answer)
    cannot be completely certain
    hard to say
    difficult to say
    may not be entirely accurate
    unclear
    it is not clear
    it's not clear
    uncertain
    unsure
    i'm not certain
    not 100% sure
    not 100% certain
    not (very|really|totally|fully|that|too|so|quite|overly) (sure|certain|confident)
    # Saying what the writer cannot tell or does not have. Not "unable to provide" or "can't
    # give an answer": refusals and capability notices, not doubt about a claim.
    i (can't|cannot|can not) (confirm|verify)
    (i'm|i am) (unable|not able) to (determine|confirm|verify|say|recall|be certain|be sure)
    i (don't|do not) (really|actually|honestly|quite) know
    i (don't|do not) have (the|enough|any|reliable) (information|knowledge)
    (i have|with) (very|) (low|little|limited|zero|minimal) confidence
    my (confidence|certainty) (here|level|) is (very|quite|rather|) low
    certainty | negated-only=hedge
    confidence | negated-only=hedge
    clueless
    (i'm|i am) not (fully|entirely|completely|totally|) (positive|convinced)
    i (wouldn't|would not) bet on (it|this|that)
    (don't|do not) hold me to (this|that|it)
    (i'm|i am) (really|just|only) reaching
    with (great|some|considerable|significant|much|a lot of) (uncertainty|hesitation|hesitancy|doubt)
    i (honestly|really|truly|genuinely|frankly) have no (idea|clue)
    i have (almost|virtually|practically|next to) no (idea|clue)
    my (confidence|certainty) (in|on|about) (this|that|it) is (very|extremely|quite|rather|pretty|) low
    i (barely|hardly|scarcely) (remember|recall)
    (difficult|hard|tough) to pinpoint
    (i'm|i am) (pretty much|completely|totally|somewhat|) in the dark
    i (have|'ve got) no (solid|reliable|hard|firm|concrete) (data|evidence|facts)
    i (have|'ve got) no (solid|hard|firm|concrete) information
    (i'm|i am) struggling to (find|recall|remember|pin down|pinpoint)
    (don't|do not) have much to go on
    (cannot|can't|can not) reliably (answer|say|determine|provide|state)
    with any (degree of|) (certainty|confidence) | negated-only=hedge
    i have no idea
    (a bit|a little|somewhat|rather|slightly|quite) (hazy|fuzzy)
    (memory|recollection) is (hazy|fuzzy|vague|unclear|shaky)
    (i'd|i would) be surprised if
    (i|i'd|i would) (could|might|may) be mistaken
    i (really|honestly|just|simply) (don't|do not) know
    (i'm|i am) (completely|totally|entirely|) unaware
    (i|i'd|i would) need to (research|verify|check|look up|confirm)
    (not|don't feel|do not feel|i'm not|i am not) comfortable (providing|stating|giving|saying|guessing)
    (can't|cannot|can not) (fully|) verify
    unverified
    (little|limited|low) (certainty|confidence)
    (memory|recollection) (on this|of this|here) is (a bit|somewhat|rather|extremely|very|really|quite|) (hazy|fuzzy|foggy|vague)
    (memory|recollection) is (a bit|somewhat|rather) (hazy|fuzzy|foggy|vague)
    (memory|recollection) is foggy
    if (i'm|i am) remembering (correctly|right)
    # Abstaining for want of knowledge: the far end of the confidence scale. Only with the
    # knowledge named ("unable to provide information", "no reliable answer"), not a bare
    # "I can't help with that", which is a refusal of another kind.
    @family abstention strength=0.9 stance
    i (lack|have no) (the|any|enough|sufficient|reliable|) (knowledge|information|details)
    i (don't|do not) have (sufficient|) (knowledge|information|details)
    i (don't|do not) have (the|any|enough|reliable) details
    (unable|not able) to (provide|give|offer) (a|an|any|the|) (reliable|accurate|definitive|) (answer|information)
    (unable|not able) to (provide|give|offer|supply) (a|an|any|the|) (reliable|accurate|definitive|verified|exact|precise) (number|date|year|figure|name|list|count)
    (can't|cannot) (provide|give|offer) (a|an|any) (reliable|accurate|definitive|definite|confident|trustworthy|) (answer|response)
    (can't|cannot|couldn't|could not) find (a|any) (definitive|reliable|clear) (answer|information|source)
    (don't|do not) have (that|this|enough|reliable enough) (information|data)
    my (knowledge base|records|data|sources) (does not|doesn't|do not|don't) (contain|include|cover)
    my (data|information|sources|records) (is|are) (insufficient|weak|incomplete|limited|sparse|not conclusive)
    not equipped to (answer|say)
    (don't|do not) have (an|the|a reliable) answer
    (i have|i've got|i've) (not the faintest|not the slightest) (clue|idea)
    (i have|i've got|i've) no clue
    (i've got|i've) no idea
    (don't|do not) have (any|the faintest|the slightest|a) (clue|idea)
    (i'd|i would) rather not (speculate|guess)
    (i won't|i will not|i'll refrain from|refrain from) (speculating|guessing|speculate|guess)
    (outside|beyond) (of|) (my|the scope of my|the limits of my) (knowledge|current knowledge)
    (at a|at a total|at a complete) loss
    (in|out of) the dark about
    (eludes|escapes) me
    (i'm|i am) (totally|completely|) stumped
    @family admitted-uncertainty strength=0.8 stance

    @family possibility strength=0.6
    tentatively
    plausible | negated=hedge
    could it (be|have been) | questions
    it is possible
    it's possible
    it is possible that
    possible that
    possibly
    possible
    perhaps
    maybe
    may not be
    might not be
    conceivably
    conceivable
    potentially
    might
    may | lower
    may or may not
    could be
    could have
    could also
    it could be
    could potentially
    could well (be|have)
    (there's|there is) a (chance|possibility)
    (there's|there is|with) a (slight|small|slim|good|fair|decent|high|strong|reasonable|real|remote) (chance|possibility|likelihood)
    is there (any|a) chance
    (it's|it is) reasonable to (say|assume|think)

    @family probability strength=0.4
    probably
    probable
    likely | negated=hedge
    unlikely
    seems unlikely
    seem unlikely
    # Epistemic "should": an expected answer, not advice ("the answer should be Henry"). Not
    # "it should be 144" or "the total should be": after a mistake that states the fix.
    (answer|year|name|date|countries|winner|title|place) should (be|have been|correspond to)

    @family appearance strength=0.5
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

    @family hearsay strength=0.5
    supposedly
    allegedly
    alleged
    reportedly
    arguably
    speculated
    rumored
    rumoured
    accused of
    allegations
    allege
    alleges

    @family attributed-belief strength=0.4
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
    believed to
    thought to be
    assumed to
    is expected to
    are expected to
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

    # Confidence that names its own limit: "fairly sure" is a hedge, "sure" is not.
    @family qualified-confidence strength=0.3 stance
    (i'm|i am) (fairly|pretty|reasonably|quite|almost|mostly|somewhat|moderately|relatively) (sure|certain|confident|positive)
    (fairly|pretty|reasonably|moderately|relatively) (sure|certain|confident) that
    (can't|cannot|can not) (confidently|definitively) (say|provide|confirm|tell)
    (can't|cannot) say for sure
    (it's|it is) almost (certain|sure) that
    # "Almost certainly" as "I'm almost certain": it names its own limit (none of the unseen
    # rated dev half's 14 such sentences was written at "high").
    almost certainly
    in all likelihood
    (a|my) (tentative|rough|educated) (answer|guess|finding|conclusion)
    my (wild|pure) (answer|guess|finding|conclusion)
    a (wild|pure) (answer|finding|conclusion)
    # Naming the answer a guess or a speculation.
    (pure|just|only|mere|purely|highly) (speculation|speculative)
    (a|my) (complete|total|) shot in the dark
    (a|it's a|it is a) (real|) long shot
    (i'm|i am) (just|only|essentially|merely|basically) guessing
    i doubt
    (you'd|you would|you may|you might) (want|need) to (double-check|verify|check)
    grain of salt
    (a|my) (very|) (rough|ballpark) estimate

    # Recollection and understanding: the claim rests on memory.
    @family recollection strength=0.5
    if (i'm|i am) not mistaken
    if memory serves
    as far as i (remember|recall)
    as far as i (can|could) (remember|recall)
    as i understand it
    (i've|i have) read (that|somewhere)
    if my (sources|records|data|notes) (are|is) (correct|accurate|right)
    from what i (understand|gather|know|recall|remember|have learned|'ve learned|have read|'ve read)
    from what i('ve|) (gathered|learned|read|seen|found)
    from what i have (gathered|seen|found)
    from what i can (tell|gather|see|find|remember|recall)
    (i'm|i am) (vaguely|faintly|) (recalling|remembering)
    as far as i can (tell|see)
    as far as i (can|could|am able to) (determine|ascertain|establish)
    from what little i (can|could) (determine|ascertain|gather|tell|find)
    from what i could (determine|ascertain|gather|tell|find)
    from what i can (determine|ascertain)
    as i (recall|remember)
    i (recall|remember) that
    (my|it's my|it is my) understanding is
    (it's|it is) my understanding
    from my understanding
    i understand that
    (my|i have the|i have an) impression
    (i have a|a) (vague|faint) (recollection|memory)
    comes to mind
    i (vaguely|faintly|dimly|somewhat|partially|partly|) (recall|remember)
    (i have|i've got) (a|some) (recollection|memory|inkling)
    i've got a (vague|faint) (recollection|memory|inkling)
    i have a (vague|faint) inkling
    (in|from|to) my (recollection|memory)
    my (memory|recollection) (points|suggests|tells|says|is)
    if my (memory|recollection) (serves|is correct|is right|is accurate|doesn't fail me)
    if my (information|knowledge|understanding) is (correct|accurate|right)
    if (i'm|i am) (not wrong|right|correct)
    unless (i'm|i am) (mistaken|wrong)
    based on what i('ve| have|) (recall|remember|know|read|found|seen|can find|can recall)
    (as per|per) my (information|knowledge|records|memory|understanding|sources)
    to my understanding

    # The claim rests on sources the writer points to.
    @family evidence-attribution strength=0.4
    according to (available|historical|the available|some|most|many|my) (records|data|sources|information|accounts)
    all signs point to
    (most|many|some|several|one) (sources|references|reports|accounts) (indicate|suggest|say|list|point to|attribute)
    (most|many) reliable sources
    one source i found
    the information i have (suggests|indicates)
    based on (the information|what is) available
    the general consensus
    (the|all|available|my|the available) (evidence|information|indications|data) (suggests|suggest|indicates|indicate|points to|point to)
    (my|the) (knowledge|records|sources|research) (strongly|) (suggests|suggest|indicates|indicate|points to|point to)
    (my|the) information strongly (suggests|suggest|indicates|indicate|points to|point to)
    (one|another|a) (account|source|report|reference|fragment|mention) (suggests|states|mentions|hints|says|indicates|points)
    (i've|i have) heard (that|it)
    by all (accounts|credible accounts|reports)
    the consensus (among|of) (historians|scholars|experts|sources)
    based on (the|my|available|the available) (information|records|data|sources|knowledge)
    based on the information i have
    (most|many) (historical|biographical|available) accounts
    all indications are
    the records i have
    according to (sources|reports|records|some reports|what i (recall|remember|know|found|can find|have found))
    (evidence|information|data|sources|records|material|reports) (strongly|) (suggests|suggest|indicates|indicate|points to|point to)
    (the|all|available) (information|evidence|data) available (suggests|indicates|points to)
    the information i have points to
    (historical|most|many|some) (sources|records|accounts) (typically|usually|generally|often|commonly) (cite|give|list|say|put|place)
    based on (historical|the historical) (records|sources|accounts|data)
    based on (available|the available) accounts
    the (prevailing|generally accepted|accepted|commonly cited) (account|view|answer|year|date|figure)
    (i've|i have) (seen|come across|read) (mentions|references|reports)
    (i have|there's|there is) some (reason|indication|grounds) (to|that)
    (the|one) indication (is|was)
    (the|) (historical|prevailing|general|scholarly) (consensus|understanding) (is|suggests|seems|points)
    the consensus (is|suggests|seems|points)
    (point|points|pointing) (toward|towards)
    the information i (found|could find|recall|can find) (indicates|suggests|points|says|shows)
    the information i have (points|says|shows)
    according to (the|) (information|data|records|sources) (i have|i found|i recall)
    most widely accepted

    @family limited-knowledge strength=0.4
    as far as i know
    to my knowledge
    to the best of my (knowledge|memory|recollection)
    if i recall correctly
    if i remember correctly
    no evidence
    little is known
    the possibility that
    a possibility

    [ignore]
    as long as possible
    it should be noted
    it should be mentioned
    it should be emphasized
    it should be stressed
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
    (assume|assumes|assumed) (the|his|her|their) (role|position|post|office|directorship|presidency|throne|command|leadership|title|duties|mantle)

    [assertion]
    @family booster-adverb strength=0.6
    # Negated, a booster hedges: "I can't confidently state", "not definitely".
    definitely | negated=hedge
    certainly | negated=hedge
    undoubtedly
    indisputably
    unquestionably
    clearly | negated=hedge
    obviously
    of course
    absolutely | negated=hedge
    confidently | negated=hedge
    # Hyland's boosters (Metadiscourse, 2005) that state the writer's certainty.
    decidedly
    doubtless
    incontestably
    incontrovertibly
    irrefutably
    indisputable
    undisputedly
    unmistakably
    categorically
    truly | negated=hedge
    evidently
    surely | negated=hedge
    in fact | start
    indeed | start

    # Hyland's "evident" and "obvious" as the sentence's frame. Not "well documented": the
    # rated LLM sentences use it for moderate confidence (the claim rests on sources).
    @family established-fact strength=0.8
    (it is|it's) (evident|obvious|beyond dispute) that
    beyond dispute
    i guarantee
    i know for a fact
    for a fact

    @family guarantee strength=0.9
    without a doubt
    without any doubt
    without doubt
    beyond doubt
    no doubt
    there is no doubt
    there's no doubt
    for sure | negated=hedge
    100% sure
    100% certain
    beyond (any|a shadow of a|all) doubt
    with (absolute|complete|total|full|utmost) (certainty|confidence)
    make no mistake
    guaranteed | negated=hedge
    rest assured
    i can assure you
    i can confidently say
    i can confirm
    (there's|there is|i have|i've got) no doubt in my mind
    (i have|i've got|with) no hesitation (in|to) (saying|stating|say|state|confirming|confirm)
    (the|my) (definitive|definite|unequivocal) answer (is|would be)
    i can (definitively|safely|unequivocally) (say|state|confirm)
    # Every source agreeing; "the evidence suggests" stays a hedge (evidence-attribution).
    all (records|reliable sources|sources|available records|historical records|accounts|the records) (indicate|point to|confirm|show|agree)

    @family stated-confidence strength=0.8 stance
    with high certainty
    with a high certainty
    with high confidence
    with a high degree of certainty
    high certainty level
    high confidence level
    absolutely certain
    (i'm|i am) (completely|totally|entirely|fully|100%|positively) (sure|certain|confident|positive)
    (i'm|i am) positive
    absolutely certainly
    absolutely sure
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
    confident that | negated=hedge
    certain that | negated=hedge
    certainty level: high
    confidence level: high
    high degree of certainty
    high degree of confidence
    high level of confidence
    high level of certainty
    my confidence level for this answer is high
    my certainty level for this answer is high

    @family stated-certainty strength=0.7
    unequivocally | negated=hedge
    undeniably
    undeniable
    definitively | negated=hedge
    conclusively | negated=hedge
    indubitably
    without question
    beyond question
    there's no question
    there is no question
    no question about it
    # Hyland's "assuredly"; "for certain" turns to a hedge when negated ("nobody knows for certain").
    assuredly
    for certain | negated=hedge
    (it is|it's|this is) (a|an) (known|confirmed|established|undisputed|well-known|indisputable) fact
    it's a fact that
    (it is|it's) clear that
    the (historical|) record is clear
    (i can state|i can say) with (certainty|confidence)

    @family negated-doubt strength=0.5 stance
    sure | negated-only=hedge
    certain | negated-only=hedge
    confident | negated-only=hedge
    clear | negated-only=hedge
    accurate | negated-only=hedge

    @family answer-frame strength=0.3
    the answer is
    the correct answer is
    the correct (information|name|date|year|figure|response) is
    the answer is definitely
    it is well known
    it's well known
    it is a fact that
    the fact is

    [correction]
    # Interjections that stop the line of thought.
    @family interjection strength=0.9
    wait , | start questions
    wait . | start questions
    wait ! | start questions
    wait wait | start questions
    hold on | start questions
    hang on | start questions
    hmm , wait | start questions
    oh wait | start questions
    no , wait | start questions
    no wait | start questions
    oops | start questions
    scratch that | questions
    correction : | start questions

    @family discourse-actually strength=0.7
    actually , | start questions
    actually no | start questions
    actually i | start questions
    actually it | start questions
    actually the | start questions
    actually that | start questions
    actually this | start questions
    rather , | start
    i mean , | start
    to correct | start

    @family rethink strength=0.6
    let me (correct|fix) (that|myself|this|) | questions
    let me (reconsider|re-evaluate|reevaluate|recheck|re-check|double-check|double check|recalculate|redo) | questions
    let me (check|think|try) again | questions
    let me start over | questions
    on second thought | questions
    on reflection | questions
    upon (further|closer) (review|inspection|reflection|consideration) | questions

    # Owning a mistake.
    @family admission strength=1.0 stance
    i was wrong | questions
    (i made|i have made|i've made) (a|an) (mistake|error) | questions
    i made a mistake in | questions
    i misspoke | questions
    i (miscalculated|misread|misunderstood|mixed up) | questions
    my mistake | questions
    my (bad|error) | start questions
    # Apologies for "confusion" or "misunderstanding" are politeness, not an admission.
    (my apologies|i apologize|i'm sorry|sorry) for (the|my|that|this) (error|mistake|oversight|miscalculation) | questions
    it seems i('ve| have|) made (a|an) (mistake|error) | questions
    i (got|had) (it|that) wrong | questions
    not (entirely |completely |)(satisfied|happy) with my (previous |earlier |last |)(answer|response) | questions
    sorry , i | start questions
    sorry about that | questions
    i stand corrected | questions
    i (must|need to|should|have to|will) correct (myself|that|my mistake|my answer) | questions
    i (must|need to|should|have to|will) correct my (previous|earlier|last|original|initial|prior) (answer|statement|response|reply|claim) | questions
    that's not right | questions
    that is not right | questions
    that's incorrect | questions
    that is incorrect | questions
    that was incorrect | questions
    that's wrong | questions
    that is wrong | questions

    # Naming the earlier answer as what is being amended.
    @family earlier-answer strength=1.0
    (my|the|that) (earlier|previous|last|original|initial|first|above|prior) (answer|statement|response|reply|estimate|calculation|claim|explanation|result) (was|is|contained|had|needs|should) | questions
    correct my (earlier|previous|last|original|initial|prior|) (answer|statement|response|reply|claim|mistake|error) | questions
    (a|the|my|here's a|here is a|here's the|here is the) corrected | questions
    corrected (answer|version|explanation|calculation|response|statement|result)
    to correct (myself|my|the earlier|the previous)

    # Amending a challenged claim: only in a reply after an earlier assistant turn.
    @family challenged-claim strength=0.9
    (is|was|were|are) (incorrect|wrong|not correct|not right|mistaken|an error|a mistake|inaccurate|not accurate|not entirely accurate) | reply
    (isn't|wasn't) (correct|right|accurate) | reply
    (it's|it is) (incorrect|wrong|not correct|not right|not accurate|inaccurate) | reply
    (that's|that is) (not correct|not accurate|inaccurate) | reply
    no , (it's|it is|that's|that is|it isn't|that isn't) (not|incorrect|wrong) | reply start
    no , (it|that) was not | reply start
    no , i'm afraid (not|it's not|it is not|it's incorrect|that's not|that is not) | reply start
    you're right | reply start
    you are right | reply start
    you're correct | reply start
    you are correct | reply start
    good catch | reply
    thank you for (pointing that out|pointing this out|catching that|the correction|checking) | reply

    [negation]
    not
    no
    never
    nobody
    cannot
    nor
    neither
    hardly
    without
    lack
    lacks
    lacking

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

    # Someone else's words: a [reporting] verb after a [reporters] subject or a name makes
    # the cues after it in the sentence reported speech, not the model's own.
    [reporting]
    said
    says
    say
    told
    tells
    telling
    claimed
    claims
    claim
    argued
    argues
    argue
    insisted
    insists
    stated
    thinks
    believes

    [reporters]
    he
    she
    they
    you
    you're
    people
    someone
    others
    experts
    critics
    scientists
    researchers
    many
    some

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
